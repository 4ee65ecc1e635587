/*
 * catalog.js - search and filters for the catalog page. The list is complete without
 * JavaScript; this only hides entries that do not match. Matching is on the entry's
 * visible text (every search word must appear, case-insensitive) and on its
 * data-agency / data-category attributes.
 */
(function () {
    'use strict';

    var form = document.getElementById('filters');
    var q = document.getElementById('q');
    var agency = document.getElementById('agency');
    var category = document.getElementById('category');
    var items = Array.prototype.slice.call(document.querySelectorAll('#catalog > li.ds'));
    var count = document.getElementById('count');
    var none = document.getElementById('none');

    if (!form || !q || !agency || !category) {
        return;
    }
    items.forEach(function (li) {
        li.setAttribute('data-text', li.textContent.toLowerCase().replace(/\s+/g, ' '));
    });

    function apply() {
        var words = q.value.toLowerCase().split(/\s+/).filter(function (w) { return w !== ''; });
        var a = agency.value, c = category.value, shown = 0;

        items.forEach(function (li) {
            var text = li.getAttribute('data-text');
            var ok = (a === '' || li.getAttribute('data-agency') === a) &&
                (c === '' || li.getAttribute('data-category') === c) &&
                words.every(function (w) { return text.indexOf(w) !== -1; });

            li.hidden = !ok;
            if (ok) {
                shown++;
            }
        });
        count.textContent = shown + ' of ' + items.length + ' datasets shown';
        none.hidden = shown !== 0;
    }

    form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
    q.addEventListener('input', apply);
    agency.addEventListener('change', apply);
    category.addEventListener('change', apply);
    form.hidden = false;
    apply();
}());
