#!/usr/bin/env python3
"""Deterministic generator of a labelled synthetic free-text corpus for
benchmarking narrative-column scrubbers (odpub `scrub`).

All text is synthetic and written for this purpose: templates, name pools,
street lists and formats are hand-written here; nothing is copied from real
records and nothing is downloaded.  Python 3 standard library only.

    python3 gen_corpus.py --seed 1 --rows 2000 --style dev -o dev.jsonl
    python3 gen_corpus.py --seed 1 --rows 2000 --style heldout -o heldout.jsonl
    python3 gen_corpus.py --stats dev.jsonl          # spans per type, decoys per kind

Each output line is one JSON object:
    {"id", "style", "source", "text",
     "spans":  [{"start","end","type","fmt"}],     # identifiers to remove
     "decoys": [{"start","end","kind"}],           # non-identifiers that must survive
     "cues":   [{"start","end"}]}                  # cue words next to an identifier
                                                   # (Mr., DOB, Apt, plate, #...):
                                                   # neutral, neither required nor penalised
Offsets are Python str indices (Unicode code points) into "text"; end is exclusive.
See README.md for the labelling rules.
"""
import argparse
import json
import random
import string
import sys
from collections import Counter

# ---------------------------------------------------------------------------
# Name pools (hand-written; dev and heldout pools are disjoint)
# ---------------------------------------------------------------------------
DEV_GIVEN_F = """
Jennifer Linda Patricia Susan Karen Jessica Ashley Nicole Stephanie Elizabeth
Margaret Dorothy Kimberly Denise Sharon Tamika Latoya Keisha Shanice Lakisha
Ebony Tanisha Maria Ana Rosa Yesenia Guadalupe Lourdes Marisol Yadira Xiomara
Esperanza Altagracia Yolanda Milagros Mei Xiu_Ying Hui Qiong Yan Fang
Seo-yeon Ji-woo Nguyet Maricel Priya Farzana Nusrat Tahmina Sunita Harpreet
Ayesha Shahida Ngozi Adaeze Abena Fatoumata Aissatou Selam Marie-Claude
Fabienne Guerline Olga Svetlana Katarzyna Agnieszka Oksana Yevgenia Irina
Fatima Layla Mariam Nour Samira Rivka Esther Chana Concetta Siobhan Eleni
Dimitra Blessing Zainab Thandiwe Anahit Gulnara
""".split()
DEV_GIVEN_M = """
John Michael David James Robert Thomas Daniel Kevin Brian Christopher Anthony
Joseph Gregory Timothy DeShawn Tyrone Jamal Darnell Marquis Jose Luis Carlos
Juan Francisco Miguel Alejandro Ramon H\u00e9ctor Nelson Wilfredo Jes\u00fas
\u00c1ngel Wei Xiaoming Jian Zhiwei Chun Min-jun Hyun Thanh Rodelio Rashid Anil
Sanjay Mohammed Rajesh Gurpreet Imran Mahmudul Kamrul Chinedu Oluwaseun Kwame
Mamadou Tesfaye Abdoulaye Kofi Wisler Dieudonn\u00e9 Aleksandr Dmitri Wojciech
Tomasz Bohdan Zbigniew Ahmed Youssef Khaled Omar Abdullah Chaim Menachem
Shmuel Yitzchok Giuseppe Padraig Konstantinos Tigran Nurlan
""".split()
DEV_SURNAMES = """
Smith Johnson Williams Jones Miller Davis Wilson Anderson Taylor Moore
Thompson Harris Robinson Walker Mitchell Carter Alvarez Rodriguez Martinez
Hernandez Lopez Gonzalez Perez Sanchez Ramirez Torres Rivera Gomez Diaz Cruz
Reyes Morales Ortiz Gutierrez Santiago Vasquez Castillo Mejia Pe\u00f1a
Jim\u00e9nez N\u00fa\u00f1ez Almonte Batista Rosario Figueroa Col\u00f3n
Qui\u00f1ones Chen Wang Li Zhang Liu Huang Zhao Wu Zhou Lin Cheng Xu Guo Zheng
Lau Chan Wong Ng Leung Tsang Yip Kwok Mak Kim Choi Jung Kang Yoon Park Nguyen
Tran Pham Hoang Vu Chowdhury Rahman Hossain Ahmed Patel Shah Singh Kaur Sharma
Gupta Iyer Reddy Mukherjee Khan Siddiqui Bhuiyan Talukder Begum Uddin Majumder
Okafor Adeyemi Okonkwo Mensah Diallo Traor\u00e9 Ndiaye Kamara Owusu Boateng
Haile Abebe Nwosu Eze Balogun Sow Jean-Baptiste Pierre-Louis Desrosiers
Toussaint Beauvais Kowalski Nowak Wi\u015bniewski Ivanov Petrova Shevchenko
Kovalenko Horvath Dvo\u0159\u00e1k Popescu Novikov Zielinski Sokolova Haddad
Khalil Mansour Al-Sayed Nasser Saleh Abdelrahman Hamdan Goldberg Friedman
Schwartz Katz Rosenberg Weiss Teitelbaum Grossman Russo Esposito Romano
Colombo Ferraro O'Brien McCarthy Fitzgerald Papadopoulos Georgiou Karagiannis
O'Neil Oyelaran-Sotunde Vuckovic Tshabalala Zaharopoulos Mkrtchyan
Bhattacharjee Przybylski Nakashima-Reyes Quashie Ogunleye Yeboah-Amankwah
Szczepa\u0144ski Dzhumabaev Abukar Tchoukaleyska Rajapaksa Wojtkiewicz
""".split()

HO_GIVEN_F = """
Barbara Nancy Betty Sandra Donna Carol Michelle Amanda Melissa Deborah Rebecca
Laura Heather Catherine Aaliyah Imani Kiara Tyesha Shante Lashonda Yamilet
Maribel Carmen Beatriz Socorro Juana Yaritza Dulce Nereida Ivelisse Wanda
Griselda Xiaoling Shu_Fen Lihua Zihan Eun-ji Yuki Hanh Rowena Shirin Rupinder
Lakshmi Kavita Sabina Nasrin Salma Rokeya Chiamaka Funmilayo Akosua Awa Binta
Meseret Widlyne Marie-Ange Nad\u00e8ge Natalia Ma\u0142gorzata Tetiana Ludmila
Jolanta Amira Rania Huda Dalia Devorah Shaindy Leah Antonietta Niamh Vasiliki
Chidinma Nomvula Aigerim Ruzanna Oyinkansola
""".split()
HO_GIVEN_M = """
Richard Charles Matthew Andrew Joshua Steven Paul Donald Gerald Harold Douglas
Peter Walter Eugene Shaquille Jaquan Dashawn Raheem Deandre Jorge Ricardo
Fernando Rafael Edwin Anyelo Reinaldo C\u00e1ndido Eusebio Osvaldo Jun Yong
Ming Guo_Qiang Huan Bao Seung-ho Dong-hyun Hiroshi Quang Jericho Tanvir
Mizanur Deepak Arjun Zahid Habibur Emeka Babajide Yaw Moussa Dawit Ousmane
Kwabena Jean-Robert Frantz Vladimir Sergei Krzysztof Pawe\u0142 Mykola
Anatoliy Hassan Tariq Mustafa Bilal Karim Moshe Yosef Avrohom Salvatore Declan
Spiros Arman Yerlan Obinna Tendai
""".split()
HO_SURNAMES = """
Clark Hall Allen Wright Scott Baker Nicholson Adams Campbell Parker Evans Edwards
Collins Stewart Morris Rogers Reed Cook Bailey Cooper Richardson Howard Ward
Peterson Hughes Fleming Ellsworth Flores Ruiz Alvarado Aguilar Vargas Castro
Mendoza Guzman Delgado Pacheco Velazquez Acevedo Cabrera Ventura Tav\u00e1rez
Encarnaci\u00f3n Pimentel Ferm\u00edn Espaillat Rosado Marte Paulino Sosa
Echevarr\u00eda Yang Sun Ma Zhu Hu Gao Luo Liang Song Tang Feng Deng Cao Yuen
Fung Kwan Tam Lam Cheung Shin Han Seo Hwang Tanaka Yamamoto Dang Bui Ngo
Duong Truong Miah Sarker Akter Haque Alam Sheikh Qureshi Malik Chaudhry Desai
Mehta Nair Pillai Banerjee Ghosh Sandhu Gill Dhillon Bhattarai Thapa Adebayo
Okeke Obi Chukwu Asante Appiah Ba Ciss\u00e9 Keita Tour\u00e9 Bangura Kebede
Girma Wolde Ogunbiyi Afolabi Saint-Fleur Desir Lafortune Bien-Aim\u00e9
Jean-Louis \u00c9tienne Petrov Smirnov Volkov Kuznetsova Bondarenko Tkachenko
Lewandowski Kami\u0144ski W\u00f3jcik Kaczmarek Novak Dimitrov Ionescu Rabinovich
Ibrahim Hussein Farouk El-Amin Suleiman Qasim Darwish Barakat Klein Lieberman
Halberstam Stern Rubin Horowitz Blum Bianchi Ricci Marino Greco Bruno
Gallagher Brennan Kavanagh Nikolaidis Christodoulou McGillicuddy Ekwueme
Szyma\u0144ska Jankauskas Zhumagulov Papageorgiou-Lim Wickramasinghe
Tulegenova Makhmudov Ranasinghe Odhiambo Achterberg Oyetunji Kuczynski
Vai\u010diulis Ng\u0169g\u0129 Hakobyan Oyelowo-Banks
""".split()

# The "fresh" style (third split): pools, templates and some formats written after the
# detectors were tuned and before any of its output was looked at; disjoint from both.
FR_GIVEN_F = """
Rosalind Yesenia Keisha Marisol Tatiana Imani Xiomara Priyanka Mei_Ling Hyun-joo
Thuy Adaeze Nkechi Esperanza Jacqueline Roxana Svetlana Oksana Bernadette Dolores
Ebony Latonya Shanice Yolanda Gwendolyn Consuelo Milagros Yaritza Farzana Shirin
Ruth_Ann Agnieszka Malgorzata Chiamaka Folasade Marguerite Nadia Leticia Ximena Anahi
""".split()
FR_GIVEN_M = """
Desmond Tyrone Cornelius Rashad Jamal Reginald Alejandro Wilfredo Rigoberto Ezequiel
Anand Rajesh Vikram Sung-min Jae-won Quang Minh Chinedu Olumide Kwabena Tadesse
Mykola Bogdan Stanislav Dariusz Yitzchok Mordechai Shlomo Giuseppe Salvatore Dimitrios
Cormac Fergus Desiderio Augustin Bertrand Lamar Demetrius Marquise Dewayne Armando
""".split()
FR_SURNAMES = """
Washington-Pryce Okonkwo-Bell Abernathy Vanterpool Fairweather Blackwood Fitzgerald
Mulcahy Donnelly Quintero Betancourt Zambrano Villalobos Santiago-Rivas Arroyo Figueroa
Benitez Valdez Ocasio Lugo Camacho Tirado Matos Batista Polanco Almonte Peguero
Zhou Xie Jiang Lu Cai Pan Yoon Kang Cho Jung Lim Phan Vu Ho Trinh Hossain Rahman
Chowdhury Uddin Bhuiyan Iyer Krishnan Venkataraman Saini Grewal Sidhu Okafor Nwosu
Eze Okoro Adeyemi Balogun Mensah Boateng Owusu Diallo Sow Camara Tesfaye Haile
Jean-Baptiste Pierre-Louis Toussaint Celestin Dubois Shevchenko Kovalenko Melnyk
Nowak Wisniewski Zielinski Kowalczyk Popescu Georgiou Friedman Goldberg Weinstein
Schwartz Esposito Romano Colombo Rizzo O'Sullivan McNamara Quigley Papadopoulos
Abdullayev Karimova Sargsyan Gevorgyan Wijesinghe Obuya Vasquez-Ortiz Kaminska
""".split()


def _clean_pool(pool):
    return [p.replace("_", " ") for p in pool]


POOLS = {
    "dev": (_clean_pool(DEV_GIVEN_F), _clean_pool(DEV_GIVEN_M), _clean_pool(DEV_SURNAMES)),
    "heldout": (_clean_pool(HO_GIVEN_F), _clean_pool(HO_GIVEN_M), _clean_pool(HO_SURNAMES)),
}
# fresh: disjoint from both by construction (a name written for it that the others
# already use is left out)
_TAKEN = set(sum(POOLS["dev"], [])) | set(sum(POOLS["heldout"], []))
POOLS["fresh"] = tuple([x for x in _clean_pool(pool) if x not in _TAKEN]
                       for pool in (FR_GIVEN_F, FR_GIVEN_M, FR_SURNAMES))

# Street lists used for house-number addresses (identifiers)
ADDR_STREETS = {
    "dev": ["Main St", "Ave R", "Queens Blvd", "Grand Concourse", "Nostrand Ave",
            "Ocean Pkwy", "Broadway", "Flatbush Ave", "Atlantic Ave", "Eastern Pkwy",
            "W 145th St", "E 23rd St", "Jerome Ave", "Webster Ave", "Roosevelt Ave",
            "Northern Blvd", "Steinway St", "Hylan Blvd", "Victory Blvd",
            "Amsterdam Ave", "Lenox Ave", "St Nicholas Ave", "Pitkin Ave", "Utica Ave",
            "Kings Hwy", "Bay Pkwy", "86th St", "Beach 116th St", "Woodhaven Blvd",
            "Liberty Ave", "Jamaica Ave", "Parsons Blvd", "Avenue J", "Ave U",
            "E 169th St", "Sterling Pl", "Bushwick Ave"],
    "heldout": ["Macombs Rd", "Crescent Street", "East 14th Street", "W. 135th Street",
                "Sedgwick Avenue", "Tremont Ave", "Fordham Rd", "Church Avenue",
                "Linden Blvd", "Sutphin Blvd", "Myrtle Avenue", "Knickerbocker Ave",
                "Ditmars Blvd", "Forest Ave", "Richmond Ave", "Mott St", "Canal Street",
                "Riverside Drive", "Cypress Ave", "Westchester Ave", "Castle Hill Ave",
                "Mermaid Ave", "Surf Avenue", "Rockaway Pkwy", "Hillside Ave",
                "Merrick Blvd", "Port Richmond Ave", "Bay Street", "Avenue of the Americas",
                "Fort Washington Ave", "Beach 20th St", "East 180th Street", "Avenue X",
                "Ocean Ave", "Dyckman St"],
}
ADDR_STREETS["fresh"] = ["Gun Hill Rd", "Boston Road", "East Tremont Avenue", "W 181st St",
                         "Coney Island Ave", "Ralph Avenue", "Rockaway Blvd", "Guy R Brewer Blvd",
                         "Union Turnpike", "Francis Lewis Blvd", "Clove Rd", "Forest Hill Rd",
                         "Lexington Avenue", "2nd Ave", "Bowery", "Avenue D", "Pelham Pkwy S",
                         "Bainbridge Ave", "Stillwell Ave", "Cortelyou Rd"]
# Queens streets that take hyphenated house numbers
QUEENS_LIKE = {"Queens Blvd", "Roosevelt Ave", "Northern Blvd", "Steinway St",
               "Woodhaven Blvd", "Liberty Ave", "Jamaica Ave", "Parsons Blvd",
               "Crescent Street", "Sutphin Blvd", "Ditmars Blvd", "Hillside Ave",
               "Merrick Blvd", "Myrtle Avenue", "Union Turnpike", "Francis Lewis Blvd",
               "Guy R Brewer Blvd", "Rockaway Blvd"}
# Street names without house number: decoys (many contain person-like words)
DECOY_STREETS = {
    "dev": ["Jackson Ave", "Washington St", "Lincoln Pl", "Madison Ave", "Franklin Ave",
            "Kingston Ave", "Lewis Ave", "Marcy Ave", "Gates Ave", "Stanley Ave",
            "Ralph Ave", "Henry St", "Clinton St", "Martin Luther King Jr Blvd",
            "Malcolm X Blvd", "Adam Clayton Powell Jr Blvd", "Nostrand Ave",
            "Bedford Ave", "Fulton St", "Roosevelt Ave", "Hamilton Pkwy"],
    "heldout": ["Morgan Ave", "Wilson Ave", "Irving Ave", "Harrison Ave", "Grant Ave",
                "Frederick Douglass Blvd", "Jefferson St", "Thomas S Boyland St",
                "Marcus Garvey Blvd", "Hamilton Pl", "Ellery St", "Russell St",
                "Nelson Ave", "Dean St", "Bergen St", "Edgar Allan Poe St",
                "Hoyt St", "Lafayette Ave", "Paulding Ave", "Tompkins Ave"],
}

DECOY_STREETS["fresh"] = ["Putnam Ave", "Quincy St", "Monroe St", "Howard Ave", "Stuyvesant Ave",
                          "Dr Martin Luther King Jr Blvd", "Edward L Grant Hwy", "Jennings St",
                          "Holland Ave", "Carroll St", "Warren St", "Douglass St"]

# ---------------------------------------------------------------------------
# Segment helpers
#   a segment is (text, tag); tag None = plain text,
#   ('S', type, fmt) = identifier span, ('D', kind) = decoy, ('C',) = cue
# ---------------------------------------------------------------------------


def P(text):
    return [(text, None)]


def S(text, typ, fmt):
    return [(text, ("S", typ, fmt))]


def D(text, kind):
    return [(text, ("D", kind))]


def C(text):
    return [(text, ("C",))]


FULLWIDTH_DIGITS = {str(d): chr(0xFF10 + d) for d in range(10)}
ORD = {1: "st", 2: "nd", 3: "rd"}


def ordinal(n):
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ORD.get(n % 10, 'th')}"


MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
MON3 = [m[:3] for m in MONTHS]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

ASCII_MAP = str.maketrans({
    "\u00e9": "e", "\u00e8": "e", "\u00fa": "u", "\u00f1": "n", "\u00f3": "o",
    "\u00e1": "a", "\u00ed": "i", "\u00c1": "A", "\u00c9": "E", "\u0144": "n",
    "\u015b": "s", "\u0159": "r", "\u0142": "l", "\u010d": "c", "\u0169": "u",
    "\u0129": "i", "\u00ea": "e", "\u00fc": "u",
})


def asciify(s):
    return "".join(ch for ch in s.translate(ASCII_MAP) if ch.isalnum() or ch in "-").replace("-", "")


class Gen:
    def __init__(self, rng, style):
        self.rng = rng
        self.style = style
        self.gf, self.gm, self.sn = POOLS[style]
        self.dev = style == "dev"

    # -- random helpers ---------------------------------------------------
    def ch(self, seq):
        return self.rng.choice(seq)

    def wch(self, pairs):
        """pairs: list of (value, weight)"""
        tot = sum(w for _, w in pairs)
        r = self.rng.random() * tot
        for v, w in pairs:
            r -= w
            if r < 0:
                return v
        return pairs[-1][0]

    def ri(self, a, b):
        return self.rng.randint(a, b)

    def digits(self, n, first_nonzero=False):
        s = "".join(str(self.ri(0, 9)) for _ in range(n))
        if first_nonzero and s[0] == "0":
            s = str(self.ri(1, 9)) + s[1:]
        return s

    # -- Unicode look-alikes at a small rate --------------------------------
    def lookalike(self, text, fmt, rate=0.04):
        if self.rng.random() >= rate or not any(c.isdigit() for c in text):
            return text, fmt
        kind = self.ch(["fullwidth", "nbhyphen", "zwsp"])
        if kind == "nbhyphen" and "-" not in text:
            kind = "fullwidth"
        if kind == "fullwidth":
            text = "".join(FULLWIDTH_DIGITS.get(c, c) for c in text)
        elif kind == "nbhyphen":
            text = text.replace("-", "\u2011")
        else:
            pos = [i for i in range(1, len(text)) if text[i - 1].isalnum() and text[i].isalnum()]
            if pos:
                i = self.ch(pos)
                text = text[:i] + "\u200b" + text[i:]
        return text, fmt + "+" + kind

    # -- people --------------------------------------------------------------
    def given(self, g):
        return self.ch(self.gf if g == "F" else self.gm)

    def surname(self):
        s = self.ch(self.sn)
        r = self.rng.random()
        if r < 0.06:
            s2 = self.ch(self.sn)
            if s2 != s:
                s = f"{s}-{s2}" if self.dev else f"{s} {s2}"
        return s

    def title(self, g):
        if self.dev:
            return self.ch(["Mr.", "Mr"]) if g == "M" else self.ch(["Ms.", "Mrs.", "Ms", "Miss"])
        if self.style == "fresh":
            return self.ch(["MR.", "Mister", "Dr", "Rev."]) if g == "M" else self.ch(["Miss", "Mrs.", "Ms", "Dr."])
        return self.ch(["Mr", "Sr.", "Dr."]) if g == "M" else self.ch(["Mrs", "Sra.", "Dr", "Ms."])

    def s_P(self, spec):
        dev = self.dev
        if not spec:
            spec = self.wch([("full", 30), ("mid", 5), ("title", 14), ("title_full", 8),
                             ("initial", 7), ("lastcomma_i", 5), ("lastcomma", 4),
                             ("first", 8)] if dev else
                            [("full", 28), ("title", 14), ("title_full", 7), ("initial", 5),
                             ("initials", 5), ("first_li", 6), ("caps_lastfirst", 5),
                             ("lastcomma", 4), ("first", 8)])
        if self.style == "fresh" and spec in ("", "full") and self.rng.random() < 0.35:
            spec = self.ch(["caps_full", "full_mid_name", "first_last_suffix"])
        g = "F" if self.rng.random() < 0.5 else "M"
        first, last = self.given(g), self.surname()
        T = "person_name"
        if spec == "caps_full":
            return S(f"{first.upper()} {last.upper()}", T, "CAPS_full")
        if spec == "full_mid_name":
            return S(f"{first} {self.given(g)} {last}", T, "full_mid_name")
        if spec == "first_last_suffix":
            return S(f"{first} {last} {self.ch(['Jr.', 'Sr.', 'III'])}", T, "suffix")
        if spec == "full":
            return S(f"{first} {last}", T, "full")
        if spec == "mid":
            return S(f"{first} {self.ch(string.ascii_uppercase)}. {last}", T, "mid")
        if spec == "title":
            return C(self.title(g) + " ") + S(last, T, "title_last")
        if spec == "title_full":
            return C(self.title(g) + " ") + S(f"{first} {last}", T, "title_full")
        if spec == "initial":
            return S(f"{first[0]}. {last}", T, "initial_last")
        if spec == "initials":
            return S(f"{first[0]}.{self.ch('ABCDEJKMRST')}. {last}", T, "initials_last")
        if spec == "lastcomma_i":
            return S(f"{last.upper()}, {first[0]}", T, "LAST_comma_i")
        if spec == "lastcomma":
            return S(f"{last}, {first}", T, "last_comma_first")
        if spec == "first":
            return S(first, T, "first_only")
        if spec == "first_li":
            return S(f"{first} {last[0]}.", T, "first_last_initial")
        if spec == "caps_lastfirst":
            return S(f"{last.upper()} {first.upper()}", T, "CAPS_last_first")
        if spec == "last":
            return S(last, T, "last_only")
        raise ValueError(spec)

    def s_O(self, spec):
        """officer / inspector: rank cue + surname [+ badge]"""
        g = "F" if self.rng.random() < 0.5 else "M"
        last = self.surname()
        want_badge = "badge" in spec or (spec in ("", "insp") and self.rng.random() < 0.45)
        insp = "insp" in spec       # building / housing inspectors rather than police
        if self.dev:
            rank = self.ch(["Inspector", "Insp."] if insp else ["Det.", "PO", "P.O.", "Sgt.", "Officer", "Inspector", "Insp."])
            segs = C(rank + " ")
            if self.rng.random() < 0.2:
                segs += S(f"{self.given(g)} {last}", "person_name", "rank_full")
            else:
                segs += S(last, "person_name", "rank_last")
            if want_badge:
                form = self.ch(["hash", "shield"])
                if form == "hash":
                    segs += P(" ") + C("#") + S(self.digits(self.ri(4, 5), True), "badge", "after_name_hash")
                else:
                    segs += P(", ") + C("Shield #") + S(self.digits(self.ri(4, 5), True), "badge", "after_name_shield")
        else:
            rank = self.ch(["Inspector", "Construction Inspector", "Plumbing Inspector"] if insp else
                           ["Police Officer", "Lt.", "Capt.", "Det.", "Inspector",
                            "Sanitation Agent", "Fire Marshal", "Agent"])
            segs = C(rank + " ")
            if self.rng.random() < 0.25:
                segs += S(f"{self.given(g)} {last}", "person_name", "rank_full")
            else:
                segs += S(last, "person_name", "rank_last")
            if want_badge:
                form = self.ch(["paren_shield", "badge_hash", "taxreg"])
                if form == "paren_shield":
                    segs += P(" (") + C("shield ") + S(self.digits(self.ri(4, 5), True), "badge", "paren_shield") + P(")")
                elif form == "badge_hash":
                    segs += P(", ") + C("badge# ") + S(self.digits(self.ri(4, 5), True), "badge", "badge_hash")
                else:
                    segs += P(" (") + C("Tax Reg. ") + S(self.digits(6, True), "badge", "tax_reg") + P(")")
        return segs

    def s_BADGE(self, spec):
        n = self.digits(self.ri(4, 5), True)
        if self.dev:
            cue = self.ch(["Shield #", "badge ", "shield ", "Badge No. "])
            fmt = "cue_" + cue.strip().replace(" ", "_").lower()
        else:
            cue = self.ch(["shield no. ", "badge# ", "Tax Reg #", "BADGE "])
            if cue == "Tax Reg #":
                n = self.digits(6, True)
            fmt = "cue_" + cue.strip().replace(" ", "_").lower()
        return C(cue) + S(n, "badge", fmt)

    # -- apartments ------------------------------------------------------------
    def unit_id(self):
        r = self.rng.random()
        if r < 0.55:
            return f"{self.ri(1, 22)}{self.ch('ABCDEFGHJK')}"
        if r < 0.7:
            return f"{self.ri(1, 6)}{self.ch('RFL')}"
        if r < 0.85:
            return str(self.ri(1, 48))
        return f"{self.ch('ABCDEFGH')}{self.ri(1, 9)}"

    def s_APT(self, spec):
        T = "apartment"
        u = self.unit_id()
        if self.dev:
            f = self.wch([("apt", 30), ("apartment_dash", 10), ("unit", 10), ("hash", 10),
                          ("ph", 5), ("apt_dot", 8), ("apt_hash", 8), ("floor_pos", 8)])
            if f == "apt":
                return C(self.ch(["Apt ", "apt ", "APT "])) + S(u, T, f)
            if f == "apartment_dash":
                return C("apartment ") + S(f"{self.ri(1, 22)}-{self.ch('ABCDEFGH')}", T, f)
            if f == "unit":
                return C("unit ") + S(u, T, f)
            if f == "hash":
                return C("#") + S(u, T, f)
            if f == "ph":
                return S(self.ch(["PH-A", "PH-B", "PH2C", "PH-1", "PHD"]), T, f)
            if f == "apt_dot":
                return C("APT. ") + S(str(self.ri(1, 30)), T, f)
            if f == "apt_hash":
                return C("Apt#") + S(u, T, f)
            return S(f"{ordinal(self.ri(1, 5))} fl {self.ch(['rear', 'front', 'left', 'right'])}", T, f)
        f = self.wch([("apt", 20), ("apt_dot_space", 10), ("apartment_hash", 10),
                      ("unit_no", 10), ("ph_hash", 5), ("floor_pos_long", 8),
                      ("apt_rear", 8), ("apt_dash", 8)])
        if f == "apt":
            return C(self.ch(["Apt ", "APT "])) + S(u, T, f)
        if f == "apt_dot_space":
            return C("Apt. ") + S(f"{self.ri(1, 22)} {self.ch('ABCDEFGHJ')}", T, f)
        if f == "apartment_hash":
            return C("Apartment #") + S(u, T, f)
        if f == "unit_no":
            return C("unit no. ") + S(u, T, f)
        if f == "ph_hash":
            return C("#") + S(self.ch(["PHB", "PHA", "PH1", "PH3F"]), T, f)
        if f == "floor_pos_long":
            return S(f"{ordinal(self.ri(1, 4))} floor {self.ch(['rear', 'front', 'left', 'right'])}", T, f)
        if f == "apt_rear":
            return C("apt ") + S(f"{self.ri(1, 6)} {self.ch(['Rear', 'Front'])}", T, f)
        return C("Apt ") + S(f"{self.ri(1, 22)}-{self.ch('ABCDEF')}", T, f)

    # -- case / index / docket numbers ------------------------------------------
    def s_CASE(self, spec):
        T = "case_number"
        yr = self.ri(2012, 2024)
        if self.dev:
            f = self.ch(["index", "lt", "docket", "case_hash", "hra_case"])
            if f == "index":
                txt, fm = self.lookalike(f"{self.digits(5, True)}/{yr}", f)
                return C("Index No. ") + S(txt, T, fm)
            if f == "lt":
                txt, fm = self.lookalike(f"{self.digits(5, True)}/{yr % 100:02d}", f)
                return C("L&T #") + S(txt, T, fm)
            if f == "docket":
                txt, fm = self.lookalike(f"{yr}-CV-{self.digits(6)}", f)
                return C("Docket ") + S(txt, T, fm)
            if f == "case_hash":
                txt, fm = self.lookalike(self.digits(7, True), f)
                return C(self.ch(["case #", "Case #"])) + S(txt, T, fm)
            txt, fm = self.lookalike(self.digits(9) + self.ch("ABCDEFGH"), f)
            return C("HRA case no. ") + S(txt, T, fm)
        f = self.ch(["idx", "lt_court", "docket_no", "cin", "acs", "case_hash_space"])
        if f == "idx":
            txt, fm = self.lookalike(f"{self.digits(6, True)}/{yr}", f)
            return C("Idx # ") + S(txt, T, fm)
        if f == "lt_court":
            txt, fm = self.lookalike(f"LT-{self.digits(6)}-{yr % 100:02d}/{self.ch(['BX', 'KI', 'NY', 'QU', 'RI'])}", f)
            return S(txt, T, fm)
        if f == "docket_no":
            txt, fm = self.lookalike(f"{yr}-HC-{self.digits(6)}", f)
            return C("Docket No. ") + S(txt, T, fm)
        if f == "cin":
            txt = f"{self.ch(string.ascii_uppercase)}{self.ch(string.ascii_uppercase)}{self.digits(5)}{self.ch(string.ascii_uppercase)}"
            return C("CIN ") + S(txt, T, f)
        if f == "acs":
            txt, fm = self.lookalike(f"{yr}-{self.digits(6)}", f)
            return C("ACS case ID ") + S(txt, T, fm)
        txt, fm = self.lookalike(self.digits(7, True), f)
        return C("case # ") + S(txt, T, fm)

    # -- dates of birth -----------------------------------------------------------
    def birthdate(self):
        return self.ri(1931, 2008), self.ri(1, 12), self.ri(1, 28)

    def s_DOB(self, spec):
        T = "dob"
        y, m, d = self.birthdate()
        age = 2024 - y
        if self.dev:
            f = self.ch(["dob_slash", "dob_colon_short", "born_long", "dob_dmy", "dob_dots", "age_iso"])
            if f == "dob_slash":
                cue, val = "DOB ", f"{m:02d}/{d:02d}/{y}"
            elif f == "dob_colon_short":
                cue, val = "DOB: ", f"{m}/{d}/{y % 100:02d}"
            elif f == "born_long":
                cue, val = "born ", f"{MONTHS[m - 1]} {d}, {y}"
            elif f == "dob_dmy":
                cue, val = "date of birth: ", f"{d}-{MON3[m - 1]}-{y}"
            elif f == "dob_dots":
                cue, val = "d.o.b. ", f"{m:02d}-{d:02d}-{y}"
            else:
                val, fm = self.lookalike(f"{y}-{m:02d}-{d:02d}", f)
                return P(f"age {age} (") + C("DOB ") + S(val, T, fm) + P(")")
            if spec == "bare":
                cue = ""
            val, fm = self.lookalike(val, f)
            return (C(cue) if cue else []) + S(val, T, fm)
        f = self.ch(["dotted_cue", "born_on", "birthdate_iso", "dob_dash_dots", "b_short", "dob_is", "dob_slash"])
        if f == "dotted_cue":
            cue, val = "D.O.B. ", f"{m:02d}/{d:02d}/{y}"
        elif f == "born_on":
            cue, val = "born on ", f"{d} {MONTHS[m - 1]} {y}"
        elif f == "birthdate_iso":
            cue, val = "birthdate ", f"{y}-{m:02d}-{d:02d}"
        elif f == "dob_dash_dots":
            cue, val = "DOB-", f"{m:02d}.{d:02d}.{y}"
        elif f == "b_short":
            cue, val = "b. ", f"{m}/{d}/{y % 100:02d}"
        elif f == "dob_is":
            cue, val = "date of birth is ", f"{MONTHS[m - 1]} {ordinal(d)}, {y}"
        else:
            cue, val = "DOB ", f"{m:02d}/{d:02d}/{y}"
        if spec == "bare":
            cue = ""
        val, fm = self.lookalike(val, f)
        return (C(cue) if cue else []) + S(val, T, fm)

    # -- phones -------------------------------------------------------------------
    def phone_parts(self):
        area = self.ch(["212", "718", "917", "347", "646", "929", "332", "516", "914", "201"])
        exch = "555" if self.rng.random() < 0.1 else str(self.ri(201, 989))
        line = self.digits(4)
        return area, exch, line

    def s_PH(self, spec):
        T = "phone"
        a, e, l = self.phone_parts()
        cue = ""
        if self.dev:
            f = self.ch(["slash", "dash_x", "paren_ext", "plus1_dots", "ph_hash", "dash", "paren"])
            if f == "slash":
                v = f"{a}/{e}-{l}"
            elif f == "dash_x":
                v = f"{a}-{e}-{l}x{self.ri(1, 99)}"
            elif f == "paren_ext":
                v = f"({a}) {e} {l} ext. {self.ri(1, 9)}"
            elif f == "plus1_dots":
                v = f"+1 {a}.{e}.{l}"
            elif f == "ph_hash":
                cue, v = "ph#", f"{a}{e}{l}x{self.ri(1, 9)}"
            elif f == "dash":
                v = f"{a}-{e}-{l}"
            else:
                v = f"({a}) {e}-{l}"
        else:
            f = self.ch(["one_dash", "paren_nospace", "spaces", "dots_ext", "tel_plus", "bare10", "cell_split", "paren"])
            if f == "one_dash":
                v = f"1-{a}-{e}-{l}"
            elif f == "paren_nospace":
                v = f"({a}){e}-{l}"
            elif f == "spaces":
                v = f"{a} {e} {l}"
            elif f == "dots_ext":
                v = f"{a}.{e}.{l} ext {self.ri(10, 99)}"
            elif f == "tel_plus":
                cue, v = "tel: ", f"+1 ({a}) {e}-{l}"
            elif f == "bare10":
                v = f"{a}{e}{l}"
            elif f == "cell_split":
                cue, v = "cell ", f"{a} {e}{l}"
            else:
                v = f"({a}) {e}-{l}"
        if self.style == "fresh" and self.rng.random() < 0.5:
            f = self.ch(["paren_dash", "space_dash", "plus1_dash", "dots", "ext_word", "cue_colon"])
            cue = ""
            if f == "paren_dash":
                v = f"({a})-{e}-{l}"
            elif f == "space_dash":
                v = f"{a} {e}-{l}"
            elif f == "plus1_dash":
                v = f"+1-{a}-{e}-{l}"
            elif f == "dots":
                v = f"{a}.{e}.{l}"
            elif f == "ext_word":
                v = f"{a}-{e}-{l} extension {self.ri(100, 999)}"
            else:
                cue, v = "Phone: ", f"{a}{e}{l}"
        if spec == "bare":
            cue = ""
        v, f = self.lookalike(v, f)
        return (C(cue) if cue else []) + S(v, T, f)

    # -- email --------------------------------------------------------------------
    def s_EM(self, spec):
        T = "email"
        g = "F" if self.rng.random() < 0.5 else "M"
        fi, la = asciify(self.given(g)).lower(), asciify(self.surname()).lower()
        if self.dev:
            local = self.ch([f"{fi}.{la}", f"{fi[0]}{la}", f"{fi}{la}{self.ri(1, 99)}",
                             f"{fi}_{la[0]}", f"{la}{fi[0]}{self.ri(60, 99)}"])
            dom = self.ch(["gmail.com", "yahoo.com", "hotmail.com", "aol.com", "outlook.com",
                           "icloud.com", "example.org", "verizon.net", "optonline.net"])
            r = self.rng.random()
            if r < 0.07:
                return S(f"{local}\uff20{dom}", T, "fullwidth_at")
            return S(f"{local}@{dom}", T, "plain")
        local = self.ch([f"{la}_{fi[0]}", f"{fi}.{la[0]}", f"{fi}{self.ri(1970, 2005)}",
                         f"{la}.{fi}", f"{fi[0]}.{la}{self.ri(1, 9)}"])
        dom = self.ch(["msn.com", "live.com", "protonmail.com", "gmx.com", "me.com",
                       "earthlink.net", "comcast.net", "mail.com", "ymail.com"])
        r = self.rng.random()
        if r < 0.08:
            return S(f"{local}[at]{dom}", T, "bracket_at")
        if r < 0.13:
            d1, d2 = dom.rsplit(".", 1)
            return S(f"{local} at {d1} dot {d2}", T, "spelled_at_dot")
        if r < 0.18:
            return S(f"{local}\uff20{dom}", T, "fullwidth_at")
        return S(f"{local}@{dom}", T, "plain")

    # -- SSN ------------------------------------------------------------------------
    def ssn_parts(self):
        while True:
            a = self.ri(1, 899)
            if a != 666:
                break
        return f"{a:03d}", f"{self.ri(1, 99):02d}", f"{self.ri(1, 9999):04d}"

    def s_SSN(self, spec):
        T = "ssn"
        a, b, c = self.ssn_parts()
        if self.dev:
            f = self.ch(["dash", "dots", "spaces", "spelled_dash"])
            cue = {"dash": "SSN ", "dots": "SSN: ", "spaces": "SS# ", "spelled_dash": "social security number "}[f]
            sep = {"dash": "-", "dots": ".", "spaces": " ", "spelled_dash": "-"}[f]
        else:
            f = self.ch(["ssn_hash_bare", "soc_sec_dash", "ss_no_spaces", "ssn_dots", "ssn_dash"])
            cue = {"ssn_hash_bare": "SSN#", "soc_sec_dash": "soc. sec. ", "ss_no_spaces": "SS no. ",
                   "ssn_dots": "SSN ", "ssn_dash": "SSN: "}[f]
            sep = {"ssn_hash_bare": "", "soc_sec_dash": "-", "ss_no_spaces": " ", "ssn_dots": ".", "ssn_dash": "-"}[f]
        if self.style == "fresh":
            f = self.ch(["soc_sec_no", "ssn_is", "ss_hash_dash", "ssn_bare_space", "last_four_no"])
            cue = {"soc_sec_no": "Social Sec. No. ", "ssn_is": "SSN is ", "ss_hash_dash": "SS# ",
                   "ssn_bare_space": "ssn ", "last_four_no": "social security "}[f]
            sep = {"soc_sec_no": "-", "ssn_is": "", "ss_hash_dash": "-", "ssn_bare_space": " ",
                   "last_four_no": "-"}[f]
        v = sep.join((a, b, c))
        if spec == "bare":
            cue = ""
        v, f = self.lookalike(v, f)
        return (C(cue) if cue else []) + S(v, T, f)

    # -- addresses ------------------------------------------------------------------
    def s_ADDR(self, spec):
        T = "address"
        st = self.ch(ADDR_STREETS[self.style])
        if st in QUEENS_LIKE and self.rng.random() < 0.75:
            num, f = f"{self.ri(30, 219)}-{self.ri(1, 99):02d}", "queens_hyphen"
        else:
            num, f = str(self.wch([(self.ri(1, 99), 3), (self.ri(100, 999), 4), (self.ri(1000, 3999), 3)])), "number_street"
            if not self.dev:
                r = self.rng.random()
                if r < 0.12:
                    num, f = num + self.ch("ABR"), "number_suffix"
                elif r < 0.18:
                    num, f = f"{self.ri(1, 99)} 1/2", "fractional"
        if st in ("Ave R", "Ave U", "Avenue J", "Avenue X"):
            f = "lettered_ave"
        if st == "Grand Concourse":
            f = "grand_concourse"
        v, f = self.lookalike(f"{num} {st}", f, rate=0.02)
        return S(v, T, f)

    # -- BBL / BIN --------------------------------------------------------------------
    def s_BBL(self, spec):
        T = "bbl"
        b, blk, lot = self.ri(1, 5), self.ri(1, 16000), self.ri(1, 9999) if self.rng.random() < 0.1 else self.ri(1, 160)
        if self.dev:
            f = self.ch(["dashed_bare", "bbl_10", "bbl_colon_dashed"])
            if f == "dashed_bare":
                cue, v = "", f"{b}-{blk:05d}-{lot:04d}"
            elif f == "bbl_10":
                cue, v = "BBL ", f"{b}{blk:05d}{lot:04d}"
            else:
                cue, v = "BBL: ", f"{b}-{blk:05d}-{lot:04d}"
        else:
            f = self.ch(["bbl_slash", "bbl_hash_10", "bbl_lower_dashed", "bbl_spaces"])
            if f == "bbl_slash":
                cue, v = "B/B/L ", f"{b}/{blk:05d}/{lot:04d}"
            elif f == "bbl_hash_10":
                cue, v = "BBL# ", f"{b}{blk:05d}{lot:04d}"
            elif f == "bbl_lower_dashed":
                cue, v = "bbl ", f"{b}-{blk:05d}-{lot:04d}"
            else:
                cue, v = "BBL ", f"{b} {blk:05d} {lot:04d}"
        if spec == "bare":
            cue = ""
        v, f = self.lookalike(v, f)
        return (C(cue) if cue else []) + S(v, T, f)

    def s_BIN(self, spec):
        T = "bin"
        v = f"{self.ri(1, 5)}{self.digits(6)}"
        if self.dev:
            f = self.ch(["bin_space", "bin_hash", "bin_colon"])
            cue = {"bin_space": "BIN ", "bin_hash": "BIN# ", "bin_colon": "BIN: "}[f]
        else:
            f = self.ch(["bin_spelled", "bin_hash_nospace", "bin_dash", "bin_space"])
            cue = {"bin_spelled": "Building Identification Number ", "bin_hash_nospace": "BIN #",
                   "bin_dash": "BIN-", "bin_space": "BIN "}[f]
        if spec == "bare":
            cue = ""
        v, f = self.lookalike(v, f)
        return (C(cue) if cue else []) + S(v, T, f)

    # -- plates / licences ------------------------------------------------------------
    def s_PLATE(self, spec):
        T = "plate"
        L = string.ascii_uppercase
        if self.dev:
            f = self.ch(["plate_abc1234", "ny_plate_tlc", "bare_dashed", "plate_hash_space"])
            if f == "plate_abc1234":
                cue, v = "plate ", "".join(self.ch(L) for _ in range(3)) + self.digits(4)
            elif f == "ny_plate_tlc":
                cue, v = "NY plate ", f"T{self.digits(6)}C"
            elif f == "bare_dashed":
                cue, v = "", "".join(self.ch(L) for _ in range(3)) + "-" + self.digits(4)
            else:
                cue, v = "plate# ", "".join(self.ch(L) for _ in range(3)) + " " + self.digits(4)
        else:
            f = self.ch(["lic_plate_dash", "nj_tag", "commercial_tag", "pa_plate", "plates_space"])
            if f == "lic_plate_dash":
                cue, v = "lic plate ", "".join(self.ch(L) for _ in range(3)) + "-" + self.digits(4)
            elif f == "nj_tag":
                cue, v = "NJ tag ", f"{self.ch(L)}{self.digits(2)}-{''.join(self.ch(L) for _ in range(3))}"
            elif f == "commercial_tag":
                cue, v = "tag # ", f"{self.digits(5, True)}M{self.ch('BCK')}"
            elif f == "pa_plate":
                cue, v = "PA plate ", "".join(self.ch(L) for _ in range(3)) + "-" + self.digits(4)
            else:
                cue, v = "plates ", "".join(self.ch(L) for _ in range(3)) + " " + self.digits(4)
        if spec == "bare":
            cue = ""
        v, f = self.lookalike(v, f, rate=0.02)
        return (C(cue) if cue else []) + S(v, T, f)

    def s_DL(self, spec):
        T = "license"
        d = self.digits(9, True)
        if self.dev:
            f = self.ch(["dl_spaced", "license_no", "nys_dl_hash"])
            if f == "dl_spaced":
                cue, v = "DL ", f"{d[:3]} {d[3:6]} {d[6:]}"
            elif f == "license_no":
                cue, v = "license no. ", d
            else:
                cue, v = "NYS DL# ", d
        else:
            f = self.ch(["drivers_lic_dash", "nys_id", "dmv_id_spaced", "nys_driver_license"])
            if f == "drivers_lic_dash":
                cue, v = "driver's lic. ", f"{d[:3]}-{d[3:6]}-{d[6:]}"
            elif f == "nys_id":
                cue, v = "NYS ID ", d
            elif f == "dmv_id_spaced":
                cue, v = "DMV ID no. ", f"{d[:3]} {d[3:6]} {d[6:]}"
            else:
                cue, v = "NYS driver license ", f"{d[:3]} {d[3:6]} {d[6:]}"
        v, f = self.lookalike(v, f)
        return C(cue) + S(v, T, f)

    # -- credit cards / IP -------------------------------------------------------------
    def luhn_complete(self, prefix, length):
        body = prefix + self.digits(length - len(prefix) - 1)
        tot = 0
        for i, ch_ in enumerate(reversed(body)):
            n = int(ch_)
            if i % 2 == 0:
                n *= 2
                if n > 9:
                    n -= 9
            tot += n
        return body + str((10 - tot % 10) % 10)

    def s_CC(self, spec):
        T = "credit_card"
        kind = self.ch(["visa", "mc", "amex", "disc"])
        if kind == "visa":
            num = self.luhn_complete("4", 16)
        elif kind == "mc":
            num = self.luhn_complete(str(self.ri(51, 55)), 16)
        elif kind == "amex":
            num = self.luhn_complete(self.ch(["34", "37"]), 15)
        else:
            num = self.luhn_complete("6011", 16)
        if self.dev:
            sep = self.ch([" ", "-"])
            f = "grouped_space" if sep == " " else "grouped_dash"
        else:
            sep = self.ch(["", " "])
            f = "contiguous" if sep == "" else "grouped_space"
        if len(num) == 15:
            v = sep.join((num[:4], num[4:10], num[10:])) if sep else num
            f += "_amex"
        else:
            v = sep.join(num[i:i + 4] for i in range(0, 16, 4)) if sep else num
        v, f = self.lookalike(v, f)
        return S(v, T, f)

    def ipv4(self):
        while True:
            a = self.ri(23, 223)
            if a not in (127, 172, 192, 10, 100, 169):
                break
        return f"{a}.{self.ri(0, 255)}.{self.ri(0, 255)}.{self.ri(1, 254)}"

    def s_IP(self, spec):
        T = "ip"
        if self.dev:
            if self.rng.random() < 0.7:
                return S(self.ipv4(), T, "ipv4")
            groups = [f"{self.ri(0, 65535):x}" for _ in range(4)]
            return S(f"2001:db8:{groups[0]}:{groups[1]}::{groups[2]}:{groups[3]}", T, "ipv6_compressed")
        r = self.rng.random()
        if r < 0.55:
            return S(self.ipv4(), T, "ipv4")
        if r < 0.7:
            return S(self.ipv4(), T, "ipv4") + P(":" + str(self.ch([443, 8080, 3389])))
        groups = [f"{self.ri(0, 65535):04X}" for _ in range(6)]
        return S("2600:1700:" + ":".join(groups), T, "ipv6_full_upper")

    # -- decoys --------------------------------------------------------------------------
    HMC = ["27-2005", "27-2029", "27-2017.4", "27-2046.1", "27-2013", "27-2031",
           "27-2026", "27-2045", "27-2097", "27-2115", "27-2017.3", "27-2043", "27-2056.6"]
    BC = ["28-105.1", "28-301.1", "28-210.1", "28-202.1", "28-207.2", "28-118.3.2"]

    def s_code(self, spec):
        k = "code_section"
        sec = self.ch(self.HMC)
        if self.dev:
            f = self.ch(["hmc", "sect", "bare_bc", "ac", "sect_adm", "bc", "mdl", "rcny"])
            v = {"hmc": f"HMC {sec}", "sect": f"\u00a7{sec}", "bare_bc": self.ch(self.BC),
                 "ac": f"AC {sec}", "sect_adm": f"\u00a7 {sec} adm code",
                 "bc": f"BC {self.ri(1001, 3310)}.{self.ri(1, 9)}", "mdl": f"MDL \u00a7{self.ri(26, 310)}",
                 "rcny": f"RCNY \u00a7{self.ri(1, 4)}-{self.ri(1, 40):02d}"}[f]
        else:
            f = self.ch(["admin_code", "hmc_sect", "nyc_admin", "rcny24", "zr", "double_sect", "fc", "health", "d_order"])
            v = {"admin_code": f"Admin. Code \u00a7 {sec}({self.ch('abcdefgh')})",
                 "hmc_sect": f"HMC \u00a7{sec}",
                 "nyc_admin": f"NYC Admin Code {self.ch(self.BC)}",
                 "rcny24": f"24 RCNY {self.ri(101, 181)}.{self.ri(1, 19):02d}",
                 "zr": f"ZR {self.ri(11, 62)}-{self.ri(10, 99)}",
                 "double_sect": f"\u00a7\u00a7 {sec}, {self.ch(self.HMC)}",
                 "fc": f"FC {self.ri(301, 912)}.{self.ri(1, 9)}",
                 "health": f"Health Code \u00a7{self.ri(131, 181)}.{self.ri(1, 29):02d}",
                 "d_order": f"D26-{self.ri(10, 52)}.{self.ri(1, 9):02d}"}[f]
        return D(v, k)

    def s_money(self, spec):
        if spec == "rent":
            n = self.ri(12, 70) * 50
        else:
            n = self.wch([(self.ri(5, 99), 2), (self.ri(100, 999), 4), (self.ri(1000, 25000), 3)])
        if self.dev:
            v = self.ch([f"$ {n}", f"${n:,}.00", f"${n}", f"${n:,}"])
        else:
            v = self.ch([f"$ {n:,}", f"USD {n}", f"${n}.50", f"{n:,} dollars", f"${n:,}"])
        return D(v, "money")

    def s_time(self, spec):
        h, mm = self.ri(1, 12), self.ch([0, 5, 10, 15, 20, 30, 40, 45, 50])
        if self.dev:
            v = self.ch([f"{h} {self.ch(['PM', 'AM'])}", f"{h}:{mm:02d}{self.ch(['am', 'pm'])}",
                         f"{self.ri(0, 23):02d}:{mm:02d} hrs"])
        else:
            v = self.ch([f"{self.ri(0, 23):02d}{mm:02d} hrs", f"{h}:{mm:02d} {self.ch(['p.m.', 'a.m.'])}",
                         f"{h} {self.ch(['A.M.', 'P.M.'])}", f"{self.ri(0, 23):02d}{mm:02d} hours"])
        return D(v, "time")

    def s_meas(self, spec):
        n = self.ri(2, 40)
        if spec == "depth":
            v = f"{self.ri(1, 11)} in." if self.dev else self.ch([f"{self.ri(1, 11)} inches", f"{self.ri(1, 11)}\""])
        elif spec == "area":
            v = f"{n} sq ft" if self.dev else self.ch([f"{self.ri(2, 9)}'x{self.ri(2, 12)}'", f"{n * 10} sf"])
        elif spec == "vol":
            v = f"{n} gallons" if self.dev else f"{n} gal."
        elif self.dev:
            v = self.ch([f"{n} ft", f"{n} feet", f"{self.ri(1, 11)} in."])
        else:
            v = self.ch([f"{n} lf", f"{n} ft.", f"{self.ri(1, 11)} inches"])
        return D(v, "measurement")

    def s_temp(self, spec):
        n = self.ri(38, 64)
        return D(f"{n} degrees" if self.dev else f"{n}\u00b0F", "measurement")

    NUMWORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]

    def s_count(self, spec):
        noun = spec or self.ch(["units", "bags", "occupants"])
        small = noun in ("stories", "families", "children", "adults", "dogs", "garages", "witnesses", "trees")
        n = self.ri(2, 6) if small else self.ri(2, 12)
        if not self.dev and self.rng.random() < 0.3:
            return D(f"{self.NUMWORDS[n - 2] if n <= 10 else n} {noun}", "count")
        return D(f"{n} {noun}", "count")

    def s_boro(self, spec):
        if self.dev:
            return D(self.ch(["Manhattan", "Brooklyn", "the Bronx", "Queens", "Staten Island"]), "borough")
        return D(self.ch(["BK", "Bklyn", "BX", "QNS", "SI", "Manhattan", "Bronx", "Queens", "Brooklyn"]), "borough")

    def s_agency(self, spec):
        if spec == "social":
            return D(self.ch(["HRA", "DHS", "ACS", "DSS"] if self.dev else ["HRA", "DHS", "ACS", "Human Resources Administration"]), "agency")
        if self.dev:
            return D(self.ch(["DOB", "HPD", "NYPD", "DSNY", "FDNY", "OATH", "DEP", "DOT", "DOHMH",
                              "HRA", "Department of Buildings", "Department of Sanitation"]), "agency")
        return D(self.ch(["DOB", "HPD", "NYCHA", "ACS", "DHS", "ECB", "DCWP", "Parks",
                          "Dept. of Buildings", "Buildings Department", "Sanitation",
                          "Housing Preservation & Development", "Con Edison", "FDNY"]), "agency")

    def s_street(self, spec):
        return D(self.ch(DECOY_STREETS[self.style]), "street_name")

    def s_edate(self, spec):
        y, m, d = self.ri(2016, 2025), self.ri(1, 12), self.ri(1, 28)
        if self.dev:
            v = self.ch([f"{m:02d}/{d:02d}/{y}", f"{m}/{d}/{y % 100:02d}", f"{MONTHS[m - 1]} {d}, {y}", f"{y}-{m:02d}-{d:02d}"])
        else:
            v = self.ch([f"{d:02d}-{MON3[m - 1].upper()}-{y}", f"{MON3[m - 1]}. {d} {y}", f"{m}.{d}.{y}",
                         f"the {ordinal(d)} of {MONTHS[m - 1]}", f"{m}/{d}/{y}"])
        return D(v, "event_date")

    def s_month(self, spec):
        if self.dev:
            return D(self.ch(MONTHS), "month_weekday")
        return D(self.ch(["Sept.", "Jan.", "Feb.", "Aug.", "Oct.", "Dec.", "April", "June"]), "month_weekday")

    def s_weekday(self, spec):
        if self.dev:
            return D(self.ch(WEEKDAYS), "month_weekday")
        return D(self.ch(["Mon", "Tues", "Wed", "Thurs", "Fri", "Sat", "Sunday"]), "month_weekday")

    def s_job(self, spec):
        n = f"{self.ri(1, 5)}{self.digits(8)}"
        if self.dev:
            v = self.ch([f"Job #{n}", f"Job No. {n}", f"job {n}"])
        else:
            v = self.ch([f"job# {n}", f"JOB {n}", f"{self.ch('MBQXR')}00{self.digits(6)}-I1", f"Job Number {n}"])
        return D(v, "job_number")

    def s_viol(self, spec):
        if self.dev:
            v = self.ch([f"Violation #{self.digits(8, True)}", f"NOV {self.digits(6, True)}",
                         f"Order #{self.ri(500, 799)}", f"ECB violation {self.digits(8, True)}{self.ch('HKXZ')}"])
        else:
            v = self.ch([f"viol. no. {self.digits(8, True)}", f"ECB# 0{self.digits(8)}{self.ch('HKXZ')}",
                         f"Order No. {self.ri(500, 799)}", f"HPD violation ID {self.digits(8, True)}"])
        return D(v, "violation_order")

    def s_compl(self, spec):
        n = f"{self.ri(1, 5)}{self.digits(6)}"
        return D(f"Complaint #{n}" if self.dev else f"complaint no. {n}", "complaint_number")

    def s_sr(self, spec):
        n = f"311-{self.digits(8, True)}"
        return D(self.ch([f"SR {n}", f"SR# {n}"]) if self.dev else self.ch([f"service request {n}", f"SR#{n}"]), "sr_number")

    def s_ll(self, spec):
        if self.dev:
            return D(self.ch(["Local Law 11", "LL97 of 2019", "Local Law 1 of 2004", "LL 152"]), "local_law")
        return D(self.ch(["LL11/98", "Local Law 97", "LL 1 of 2004", "Local Law 152 of 2016"]), "local_law")

    def s_year(self, spec):
        y = self.ri(1890, 1975)
        return D(f"built {y}" if self.dev else f"constructed in {y}", "year")

    def s_loc(self, spec):
        if spec == "space":
            return D(self.ch(["rear yard", "cellar", "public hall", "roof", "courtyard"] if self.dev else
                             ["front yard", "basement", "stairwell", "boiler room", "courtyard"]), "location")
        if self.dev:
            v = self.ch(["north wall", "rear yard", "public hall", "cellar", "bulkhead",
                         "fire escape", "south wall", "stairs", "roof", "hallway"])
        else:
            v = self.ch(["east wall", "front yard", "stairwell", "boiler room", "roof parapet",
                         "vestibule", "courtyard", "light shaft", "west wall", "basement"])
        return D(v, "location")

    def s_story(self, spec):
        n = ordinal(self.ri(1, 6))
        return D(f"{n} story" if self.dev else self.ch([f"{n} floor", f"{n} story"]), "location")

    def s_room(self, spec):
        n = ordinal(self.ri(1, 4))
        d = self.ch(["north", "south", "east", "west"])
        if self.dev:
            return D(self.ch([f"{n} room from {d}", f"{n} room from {d} at {self.ch(['east', 'west'])}"]), "location")
        return D(self.ch([f"{n} room from the {d}", f"{d}erly room"]), "location")

    def s_age(self, spec):
        return P(str(self.ri(1, 17)))

    def s_d(self, spec):  # literal decoy: {d:kind:text}
        kind, text = spec.split(":", 1)
        return D(text, kind)

    def s_c(self, spec):  # literal cue: {c:text}
        return C(spec)


# map of slot name -> identifier types it (may) produce, used for targeting
SLOT_TYPES = {"P": ["person_name"], "O": ["person_name"], "APT": ["apartment"],
              "CASE": ["case_number"], "DOB": ["dob"], "PH": ["phone"], "EM": ["email"],
              "SSN": ["ssn"], "ADDR": ["address"], "BBL": ["bbl"], "BIN": ["bin"],
              "PLATE": ["plate"], "DL": ["license"], "BADGE": ["badge"],
              "CC": ["credit_card"], "IP": ["ip"]}
TYPES = ["person_name", "apartment", "case_number", "dob", "phone", "email", "ssn",
         "address", "bbl", "bin", "plate", "license", "badge", "credit_card", "ip"]
TYPE_WEIGHTS = {"person_name": 6, "apartment": 3, "address": 3, "phone": 2.5,
                "case_number": 1.5, "dob": 1.5, "email": 1.5, "ssn": 1.1, "bbl": 1,
                "bin": 1, "plate": 1.2, "license": 1, "badge": 1, "credit_card": 0.8, "ip": 0.8}

# ---------------------------------------------------------------------------
# Sentence templates.  Slots: identifiers in CAPS ({P}, {P:full}, {APT} ...),
# decoys in lower case ({code}, {money} ...), {d:kind:text} literal decoy,
# {c:text} literal cue.  DEV and HELDOUT are written independently.
# ---------------------------------------------------------------------------
DEV = {
    "311": {
        "caps": 0.12,
        "pii": [
            "Caller {P:full} states that a vehicle with {PLATE} has been blocking the driveway since {time}.",
            "Called {P:first} back at {PH}, no answer.",
            "Called {P:first} back, no answer.",
            "Complainant {P} can be reached at {PH} or {EM}.",
            "{O:badge} responded at {time} and issued a summons to the vehicle bearing {PLATE}.",
            "Consumer {P:full} states the merchant charged card {CC} {money} twice on {edate}.",
            "Complaint submitted online from IP address {IP} by {EM}.",
            "Tenant in {APT} at {ADDR} reports no heat or hot water since {weekday}.",
            "Resident of {APT} states the super, {P:full}, refuses to repair the {loc}.",
            "Complainant advised that {P:full} is operating an illegal auto repair shop at {ADDR}.",
            "Spoke with {P:initial}; caller {d:name_like_word:will} email photos to {EM}.",
            "Per {O}, the vehicle was towed to the {boro} tow pound at {time}.",
            "Illegal dumping observed at {ADDR}; {count:bags} of construction debris. Owner {P:lastcomma_i} notified.",
            "Mail response to c/o {P:full}, {ADDR}, {APT}, {boro}.",
            "Caller {P} reports the neighbor in {APT} has {count:dogs} barking after {time}.",
            "Abandoned vehicle {PLATE} on {street} for more than {count:days}.",
            "Portal user {EM} logged in from {IP} and uploaded {count:photos}.",
            "Refund of {money} issued to card {CC} per {agency} request.",
            "Caller gave {DOB} to verify identity for the lead test request.",
            "Caller {P:title} at {ADDR} called back from {PH}.",
            "Driver {P:full} showed {DL} to the {d:agency:NYPD} officer.",
            "Summons served on {P:full} by {O:badge} at {time}.",
        ],
        "clean": [
            "The {d:agency:Police Department} responded to the complaint and with the information available observed no evidence of the violation at that time.",
            "The {d:agency:Department of Sanitation} investigated this complaint and found no condition at the location on {edate}.",
            "The {d:agency:Department of Housing Preservation and Development} inspected the following conditions. Violations were issued.",
            "The {d:agency:Department of Transportation} inspected {street} between {street} and {street} and repaired {count:potholes}.",
            "Loud music from the {loc:space} after {time} every {weekday}.",
            "A late fee of {money} was assessed under {code}.",
            "{d:agency:DEP} cleaned the catch basin on {street} on {edate}; {count:bags} of debris removed.",
            "Complaint referred to {agency} on {edate} at {time}.",
            "{d:name_like_word:Will} re-inspect on {weekday} between {time} and {time}.",
            "Tree limb {meas} long removed by {d:agency:Parks} on {street}.",
            "Access was not granted on {edate} at {time}. The complainant {d:name_like_word:may} resubmit if the condition persists.",
            "{d:name_like_word:Mark} the area with cones until {d:agency:DOT} arrives.",
            "{d:agency:NYPD} closed {sr} on {edate}; no further action.",
            "Sidewalk shed on {street} permitted under {job}.",
            "Water {d:name_like_word:rose} {meas:depth} in the {loc:space} after the storm on {edate}.",
            "Inspection scheduled in {month}; {count:units} affected in {boro}.",
            "Rats seen near the {d:name_like_word:Park} entrance on {street} around {time}.",
            "Caller states {count:children} are sick from the smell in the {loc:space}.",
            "Condition corrected on {edate}, see {sr}.",
            "The {d:agency:Department of Buildings} reviewed this complaint and determined that no further action was necessary.",
            "Complaint closed; {agency} had already responded to a prior complaint on {edate}.",
            "Street light out on {street} since {weekday}; repaired on {edate}.",
            "Illegal parking on {street} between {time} and {time}; {count:vehicles} ticketed.",
        ],
    },
    "hpd": {
        "caps": 0.85,
        "pii": [
            "{code} repair the broken or defective plastered surfaces and paint in a uniform color ceiling in the kitchen located at {APT}, {story}, {room}.",
            "{code} provide hot water at all hours in the entire apartment located at {APT}, {story}.",
            "{code} abate the nuisance consisting of mice in the entire apartment located at {APT}.",
            "{code} properly repair the source and abate the evidence of a water leak at {loc} located at {APT}, {room}.",
            "{code} install an approved carbon monoxide detecting device within {meas} of the sleeping area in {APT}.",
            "Owner {P:full} failed to file a valid registration statement with the department; {viol}.",
            "Tenant {P} ({PH}) states the {loc} has leaked since {edate}.",
            "{code} remove the unlawful gate at the fire escape window in {APT} at {ADDR}.",
            "Managing agent {P:lastcomma_i} notified by mail at {ADDR} on {edate}.",
            "Building {BIN}, {BBL}: {count:violations} certified on {edate}.",
            "{O:insp} observed lead-based paint in {APT}, {room}.",
            "Access denied by occupant of {APT}; {P:title} refused entry at {time}.",
            "Registration lists head officer {P:full}, phone {PH}, business address {ADDR}.",
            "Emergency repair charge {money} billed to {c:BBL }{BBL:bare}.",
            "Tenant {P:full}, {APT}, reports the self-closing door at the {loc} is broken.",
            "{code} repair or replace the defective window guards in {APT} where {count:children} under age 11 reside.",
            "Complaint filed by {P:full} of {APT}, callback {PH}.",
            "Heat complaint {APT} {ADDR} tenant {P:lastcomma_i}.",
            "{code} repair the broken or defective plastered surfaces at the ceiling, {room} at {APT}.",
        ],
        "clean": [
            "{code} file a valid registration statement with the department as required by adm code and be subject to civil penalties, effective {edate}.",
            "{code} trace and repair the source of the water leak at the {loc}.",
            "{code} provide a self-closing door at the {loc}, {story}.",
            "{viol} certified corrected on {edate}; civil penalty {money}.",
            "{count:violations} class C remain open at the building in {boro}.",
            "{code} post a proper notice of the name, address and telephone of the managing agent in the {loc}.",
            "{code} repair the broken or defective wood flooring in the {loc}, {story}, {room}.",
            "{code} replace with new the broken or defective window at the {loc}, {meas:area}.",
            "Reinspection on {weekday} {edate} at {time}; condition not corrected.",
            "Heat complaint: indoor temperature {temp} at {time} while outdoor temperature was {temp}.",
            "{code} abate the nuisance consisting of roaches in the {loc}, {story}.",
            "{d:agency:HPD} emergency repair program completed work on {edate}, cost {money}.",
            "Building has {count:units} and {count:stories}; {year}.",
            "{code} repair the defective faucet at the kitchen sink, {story}.",
            "{code} provide ventilation {meas} above the range, {story}.",
            "{d:name_like_word:May} require a second inspection if the {loc} is still leaking on {edate}.",
        ],
    },
    "dob": {
        "caps": 0.8,
        "pii": [
            "Owner {P:full} ({PH}) states contractor started work without a permit at {ADDR}, {BIN}.",
            "Illegal conversion of cellar into SRO units at {ADDR}; {count:families} living. {BBL}.",
            "Vacate order issued for {APT} at {ADDR} on {edate}.",
            "Caller {P:title} states the neighbor at {ADDR} is building an extension {meas} into the {loc}.",
            "Site safety manager {P:full} ({EM}) on site at {time}.",
            "Property {BBL}, {BIN}, no work observed at time of inspection.",
            "Complainant {P:first} reports vibrations from demolition next door; callback {PH}.",
            "{O:insp} found the sidewalk shed unlit on {street}; foreman {P:full} presented {DL}.",
            "Work at {ADDR} is not covered by {job}.",
            "{d:agency:DOB} inspector {P:lastcomma_i} {BADGE} issued {viol} at {ADDR}.",
            "Illegal curb cut at {ADDR}, {BIN}; vehicle {PLATE} parked in the {loc:space}.",
            "Boiler at {BBL} failed inspection; owner {P:full} notified by email {EM}.",
        ],
        "clean": [
            "Filing herewith alteration type 2 to install new plumbing fixtures and gas piping as per plans. No change in use, egress or occupancy.",
            "Renovation of existing {story} apartment, new kitchen and bathroom, {meas} partition, work as per {code}.",
            "Construction fence {meas} high erected along {street}; {count:permits} on file under {job}.",
            "{compl}: work without permit observed at {time}; {viol} issued, penalty {money}.",
            "Full demolition of {count:garages}; {d:agency:DOB} {job}.",
            "Facade inspection per {ll} completed on {edate}; {count:conditions} unsafe.",
            "Building {year}, {count:stories}, {count:units}; no change in use.",
            "Boiler inspection overdue since {month}; {d:agency:DOB} fine {money}.",
            "Stop work order issued at {time} on {weekday}; {code}.",
            "Elevator out of service {count:days}; {agency} notified.",
            "{d:name_like_word:Mark} out excavation {meas} from the {loc} per {code}.",
            "Alteration type 1: convert {count:units} to {count:units}, new certificate of occupancy, {code}.",
            "Sidewalk shed renewal; {ll} facade work ongoing; {job}.",
            "Plans approved on {edate}; permit issued {edate}.",
        ],
    },
    "hearing": {
        "caps": 0.25,
        "pii": [
            "Respondent {P:full} appeared pro se.",
            "{CASE}: petitioner {P:full} v. {P:full}.",
            "Matter {CASE} adjourned to {edate} at {time}, {boro} Housing Court.",
            "{O} testified that the vehicle bearing {PLATE} was parked at a hydrant.",
            "Respondent produced {DL} and proof of registration.",
            "Petitioner's attorney, {P:title}, submitted photos of {APT} dated {edate}.",
            "Witness {P:full}, {DOB}, testified regarding the leak at {ADDR}.",
            "Respondent {P:lastcomma_i} appeared by agent {P:full}; {viol} sustained, penalty {money}.",
            "Tenant {P} of {APT} testified that heat was off since {edate}.",
            "Respondent's representative stated that {P:first} {d:name_like_word:will} call back at {PH}.",
            "Stipulation: respondent to pay {money} by {edate}; contact {EM}.",
            "Respondent {P:full} identified by {DL}; {DOB}.",
            "Respondent appeared, {SSN} on file, {CASE}.",
            "Payment of {money} accepted by card {CC} on {edate}.",
            "Summons served at {ADDR} by {O:badge}.",
            "Respondent {P:full} of {ADDR}, {APT} defaulted.",
        ],
        "clean": [
            "Hearing officer found the violation sustained under {code}; penalty imposed {money}.",
            "Matter adjourned to {edate} at {time} at the request of the respondent.",
            "Respondent defaulted; default penalty {money} per {code}.",
            "Inspector's photos dated {edate} show {count:bags} of refuse at the {loc:space}.",
            "{viol} dismissed; certificate of correction accepted by {agency}.",
            "Hearing held in {boro} on {weekday}; {count:witnesses} testified.",
            "The {d:agency:OATH} hearing began at {time}; respondent appeared by attorney.",
            "Decision mailed {edate}. Respondent {d:name_like_word:may} appeal within {count:days}.",
            "Respondent admitted the condition at the {loc}; {code}.",
            "Respondent's request for a new hearing granted on {edate}.",
            "Penalty reduced to {money}; {code}.",
        ],
    },
    "casework": {
        "caps": 0.05,
        "pii": [
            "CW spoke with client {P:full} ({DOB}) at {time} regarding rent arrears of {money}.",
            "Called {P:first} back, no answer. Left VM at {PH}.",
            "Home visit on {weekday} {edate} at {ADDR}, {APT}.",
            "Client's {SSN} verified with {d:agency:HRA}; {CASE}.",
            "Mother {P:full}, {DOB}; child {P:first}, age {age}.",
            "Client emailed documents from {EM} on {edate}.",
            "Client states that {P:full} is the father of the {count:children}.",
            "Mailing address: c/o {P:full}, {ADDR}, {APT}.",
            "Client reports {count:children} in the household; landlord {P:title} refuses repairs.",
            "Client provided {DL} and {SSN} for the {d:agency:HRA} application.",
            "Login alert from IP {IP} on the client portal account {EM}.",
            "Client paid {money} by card {CC} for the storage fee.",
            "Complainant advised that {P:full} moved out of {APT} in {month}.",
            "Client {P:full}, {DOB}, {CASE}.",
            "Worker {P:initial} at {d:agency:ACS} can be reached at {PH}.",
            "Client's account accessed from {IP} at {time}.",
            "Spoke with {P:first} and {P:first} at the shelter on {weekday}.",
        ],
        "clean": [
            "Client reports {count:children} in household; rent {money:rent} per month.",
            "CW attempted home visit at {time}; no answer.",
            "Client to bring {count:documents} to the {agency:social} center on {weekday}.",
            "Case conference scheduled for {edate} at {time}.",
            "Client states the {loc} has not been repaired since {month}.",
            "Referral made to {agency:social}; follow up in {count:days}.",
            "{d:name_like_word:Will} follow up by phone on {weekday}.",
            "Client received a {money} one-shot deal on {edate}.",
            "Client {d:name_like_word:may} qualify for a rent supplement in {month}.",
            "Client attended the appointment on {edate} at {time}.",
            "Client's rent is {money:rent}; shelter allowance {money}.",
            "Client referred to {agency:social} for a rental assistance application.",
        ],
    },
}

HELDOUT = {
    "311": {
        "caps": 0.15,
        "pii": [
            "Per caller ({P:full}) the car with {PLATE} has been on the sidewalk for {count:days}.",
            "RTN call to {P:first} at {PH} - line busy, try again later.",
            "Contact info provided: {EM} / {PH}.",
            "Summons issued by {O:badge} to vehicle {PLATE} at {time}.",
            "Consumer alleges duplicate charge of {money} to {CC} by a licensed tow company on {edate}.",
            "Submission originated from {IP} ({EM}).",
            "No heat reported by occupant of {APT}, {ADDR}, since {edate}.",
            "Super {P:full} told the caller the boiler part arrives {weekday}.",
            "Anonymous caller says {P:full} runs an unlicensed daycare out of {APT} at {ADDR}.",
            "Caller {P} ({PH}) requests callback re: bulk pickup at {ADDR}.",
            "Tow requested: {PLATE} blocking hydrant in front of {ADDR}.",
            "Parent {P:full} gave the child's {DOB} for the lead screening referral.",
            "Chargeback of {money} posted to {CC}.",
            "Online form from {IP} listed contact {P:full}.",
            "{c:Mr and Mrs }{P:last} of {APT} say the intercom is dead.",
            "Motorist {P:caps_lastfirst} presented {DL}.",
            "Callback number for {P:first_li} is {PH}.",
        ],
        "clean": [
            "NYPD responded and took action to fix the condition; no summons issued at {time}.",
            "Sanitation cleaned the lot on {street} on {edate}.",
            "DOT found the traffic signal at {street} and {street} working on {weekday}.",
            "Noise from the {loc:space} reported after {time} on {weekday} nights.",
            "Agency could not gain access on {edate}; {sr} closed.",
            "Fine of {money} assessed pursuant to {code}.",
            "{d:name_like_word:Grant} access so the inspector can re-check the {loc}.",
            "Standing water about {meas:depth} deep on {street}; referred to {agency}.",
            "{count:trees} pruned on {street} by {d:agency:Parks}.",
            "Complaint duplicates {sr}; see {agency} record.",
            "We {d:name_like_word:hope} to send crews the week of {edate}.",
            "Owner threatened to {d:name_like_word:sue}; the {loc} must still be corrected by {edate}.",
            "Buildings reviewed the SR; no violation warranted at this time.",
            "Signal timing on {street} adjusted {edate}.",
            "{count:vehicles} ticketed on {street} between {time} and {time}.",
        ],
    },
    "hpd": {
        "caps": 0.85,
        "pii": [
            "{code} replace with new the broken or defective door in the entrance of {APT}, {story}, {room}.",
            "{code} restore the heat supply to {APT} ({loc}).",
            "{code} eradicate the roaches throughout {APT} located {story}.",
            "{code} repair the leaky faucet in the bathroom at {APT}, {room}.",
            "{code} install window guards in {APT} where {count:children} reside.",
            "Registration contact {P:full}, tel {PH:bare}, mailing address {ADDR}.",
            "Occupant {P} of {APT} refused access at {time}.",
            "Owner of record {P:caps_lastfirst}; {BBL}; {BIN}.",
            "Harassment complaint: tenant {P:full} alleges owner {P:full} removed the {loc:space} door.",
            "{O:insp} verified lead paint in {APT}, {room}.",
            "Emergency repair invoice {money} for {ADDR} ({BBL}).",
            "Complaint received from {EM} regarding {APT}.",
            "{code} repair the intercom at {APT}, {room}; tenant {P:initials} ({PH}).",
            "Building {BIN} located at {ADDR}; {count:violations} open.",
        ],
        "clean": [
            "{code} provide and maintain a valid registration, effective {edate}.",
            "{code} repair the defective ceiling at the {loc}, {story}, {room}.",
            "{viol} closed on {edate}; penalty {money}.",
            "{count:violations} class B outstanding, building in {boro}.",
            "{code} paint the {loc} with a uniform color.",
            "Inspection {weekday} {edate} at {time}; conditions persist.",
            "Indoor temp {temp} at {time}; outdoor {temp}.",
            "{code} remove the obstruction at the {loc}, {story}.",
            "{code} repair the cracked plaster, approx. {meas:area}, in the {room}.",
            "{d:name_like_word:Faith}-based group paid {money} toward repairs in {month}.",
            "{code} provide adequate lighting at the {loc}, {story}.",
            "Emergency repair completed {edate}; cost {money}.",
        ],
    },
    "dob": {
        "caps": 0.8,
        "pii": [
            "Neighbor {P:full} ({PH}) reports excavation at {ADDR} undermining the party wall.",
            "SRO conversion suspected at {ADDR} {BIN}; {count:families}.",
            "Partial vacate for {APT}, {ADDR}, effective {edate}.",
            "Contractor {P:full} unable to produce a license; {DL} noted.",
            "Lot {BBL}: {count:stories} proposed under {job}.",
            "Owner {P:title} contacted at {EM} regarding the stop work order.",
            "{O:insp} issued {viol} to foreman {P:full} at {time}.",
            "Engineer {P:full} filed the report for {ADDR}, {BIN}.",
            "Caller {P:first} reports jackhammering before {time}; call back {PH}.",
            "Truck {PLATE} unloading steel onto {street} without a permit.",
            "Inspector badge check: {BADGE} at {ADDR}.",
            "Filing rep {P:first_li} ({EM}) for {BBL}.",
        ],
        "clean": [
            "Application filed to legalize existing {count:units} with no change in use, egress or occupancy.",
            "Install new sprinkler system {story} per {code}; {job}.",
            "Scaffold {meas} erected on {street}; {count:permits} active.",
            "{compl} closed: no violating conditions at {time}.",
            "Demolish {count:stories} rear extension; {d:agency:Dept. of Buildings} {job}.",
            "Cycle filing per {ll}, due {month}.",
            "Structure {year}; {count:units} above a store.",
            "Penalty {money} for failure to maintain elevator; {viol}.",
            "Super agreed to {d:name_like_word:grant} the crew access to the {loc} after {time}.",
            "Permit renewal filed {edate}; {job}.",
            "Plans disapproved: {code}; resubmit by {edate}.",
        ],
    },
    "hearing": {
        "caps": 0.3,
        "pii": [
            "RESP {P:full} present, represented by counsel {P:title}.",
            "{CASE} - {P:full} (petitioner) against {P:full} (respondent).",
            "Matter {CASE} restored to calendar for {edate}, {time}.",
            "Officer's testimony: {O} observed {PLATE} in a bus lane.",
            "Respondent showed {DL} to the clerk.",
            "Photos of {APT} entered into evidence by {P:title}.",
            "Witness: {P:full}; {DOB}; resides at {ADDR}.",
            "Agent {P:full} appeared for owner {P:caps_lastfirst}; {viol} upheld.",
            "Petitioner {P} testified {APT} had no heat from {edate}.",
            "Respondent to email receipts to {EM} by {edate}.",
            "Settlement: {money} paid by {CC}.",
            "Record notes {SSN} for respondent {P:initials}.",
            "Testimony of {O:badge} credited.",
            "Hearing notice mailed to {P:full}, {ADDR}, {APT}.",
            "Respondent {P:first_li}, {DOB}, {CASE}.",
        ],
        "clean": [
            "Violation upheld under {code}; penalty {money}.",
            "Adjourned at respondent's request to {edate}, {time}.",
            "Default entered; penalty of {money} per {code}.",
            "Photographs dated {edate} depict {count:bags} at the {loc:space}.",
            "{viol} dismissed after proof of cure.",
            "The {agency} hearing took place on {weekday} in {boro}.",
            "Respondent {d:name_like_word:will} cure the {loc} condition by {edate}.",
            "Motion to vacate default granted {edate}.",
            "Penalty mitigated to {money} under {code}.",
        ],
    },
    "casework": {
        "caps": 0.05,
        "pii": [
            "T/C w/ client {P:full} ({DOB}); discussed arrears of {money}.",
            "LVM for {P:first} at {PH}, awaiting callback.",
            "HV completed {edate} at {ADDR}, {APT}; {count:children} present.",
            "{SSN} confirmed; {CASE} opened.",
            "Client's mother {P:full}, {DOB}.",
            "Docs received via {EM} from {IP}.",
            "Client reports that {P:full} is no longer in the household.",
            "Mail to client c/o {P:full}, {ADDR}.",
            "Client presented {DL}; {SSN}.",
            "Payment of {money} made w/ {CC}.",
            "S/W {P:first} re: rent; {P:title} from the mgmt office to call {PH}.",
            "{P:first} came to the office at {time} with {count:children}.",
            "Portal login flagged from {IP}; client {P:initials} notified.",
            "Client {P:caps_lastfirst} {CASE} {DOB}.",
        ],
        "clean": [
            "HH composition: {count:adults} and {count:children}; rent {money:rent}.",
            "HV attempted at {time}, no answer.",
            "Client to submit {count:documents} by {weekday}.",
            "Case conference set {edate} {time}.",
            "Referred to {agency:social}; f/u in {count:days}.",
            "Client {d:name_like_word:will} call back; {d:name_like_word:Faith}-based shelter referral given.",
            "Client hopes to move before {month}; {d:name_like_word:Grant} letter pending from {agency}.",
            "Appt kept {edate} {time}.",
            "Shelter allowance {money}; rent {money:rent}.",
            "Client referred to {agency:social} for CityFHEPS.",
        ],
    },
}


FRESH = {
    "311": {
        "caps": 0.14,
        "pii": [
            "Resident {P:full} reports that {PLATE} has been double parked on {street} since {time}.",
            "Please call back {P:first} on {PH}; she works nights.",
            "Customer left callback number {PH} and e-mail {EM}.",
            "{O:badge} arrived on scene at {time}; summons for {PLATE}.",
            "Caller states the vendor ran her card {CC} for {money} on {edate}.",
            "Web form sent from {IP}, reply address {EM}.",
            "Occupant of {APT} at {ADDR} has had no cooking gas since {weekday}.",
            "Building manager {P:full} promised repairs by {weekday}.",
            "Neighbor {P} says music comes from {APT}, {ADDR}, every night after {time}.",
            "The caller, {P:full}, gave SSN {SSN} to verify identity; advised not needed.",
            "Callback requested by {P:title} at {PH} re: {street}.",
        ],
        "clean": [
            "Caller reports a broken street light on {street} near the {loc}.",
            "Complaint closed; {agency} found no violation on {edate}.",
            "Noise from a construction site after {time} on {weekday}.",
            "Illegal dumping of {count:bags} reported at the corner.",
            "Caller {d:name_like_word:will} send photos; {agency} notified.",
            "Pothole approx {meas} wide at {street}.",
        ],
    },
    "hpd": {
        "caps": 0.85,
        "pii": [
            "{code} REPAIR THE LEAK AT CEILING IN {APT} AT {ADDR}, {story}, {room}.",
            "OWNER {P:full} FAILED TO PROVIDE HEAT TO {APT} ON {edate}.",
            "BIN {BIN}: {count:units} OPEN, LAST INSPECTION {edate}.",
            "ACCESS DENIED BY SUPERINTENDENT {P:full} AT {ADDR} ON {edate}.",
            "Tenant {P} of {APT} reports roaches; inspection {edate} {time}.",
            "BBL {BBL} REGISTERED TO MANAGING AGENT {P:full}, PHONE {PH}.",
            "{code} PROVIDE WINDOW GUARDS IN {APT}, {story}.",
        ],
        "clean": [
            "{code} ABATE THE NUISANCE CONSISTING OF MOLD AT {loc}, {story}.",
            "{code} REPLACE THE BROKEN SMOKE DETECTOR IN ENTIRE APARTMENT, {story}.",
            "VIOLATION {viol} CERTIFIED ON {edate}.",
            "RE-INSPECTION SCHEDULED {weekday} AT {time}.",
            "{count:units} IN BUILDING, BUILT {year}.",
        ],
    },
    "dob": {
        "caps": 0.8,
        "pii": [
            "Work without permit at {ADDR}; {job} on file, owner {P:full} notified.",
            "Site safety manager {P:full} ({PH}) present during inspection on {edate}.",
            "Stop work order posted at {ADDR}; BIN {BIN}.",
            "Licensed plumber {P:full}, license {DL}, filed {job}.",
            "ECB hearing for {BBL}; respondent {P:full} did not appear.",
            "Complainant {P} at {ADDR} {APT} reports debris falling from scaffold.",
        ],
        "clean": [
            "{job} signed off on {edate}.",
            "Scaffold permit expired {edate}; {code} cited.",
            "Elevator inspection: {count:elevators} tested, {meas} travel.",
            "{compl} closed; no work in progress at time of inspection.",
            "Fence at {loc} exceeds {meas} without permit.",
        ],
    },
    "hearing": {
        "caps": 0.28,
        "pii": [
            "Petitioner {P:full} appeared pro se under {CASE}; respondent did not appear.",
            "Respondent's counsel {P:title} requested an adjournment to {edate}.",
            "Testimony of tenant {P:full}, DOB {DOB}, taken at {time}.",
            "Stipulation in {CASE}: arrears of {money} to be paid by {month}.",
            "{O} testified that the vehicle with {PLATE} was parked at {ADDR}.",
            "Witness {P:full} identified by driver license {DL}.",
            "Default judgment entered against {P:full} of {APT}, {ADDR}.",
        ],
        "clean": [
            "Hearing adjourned to {edate} at {time}.",
            "The tribunal sustained the charge under {code}.",
            "Penalty of {money} imposed; {agency} to monitor.",
            "Both parties appeared; matter settled on the record.",
            "Decision reserved; {count:documents} received in evidence.",
        ],
    },
    "casework": {
        "caps": 0.05,
        "pii": [
            "Met with client {P:full} (DOB {DOB}) at the {agency:social} office.",
            "Client's SSN {SSN} verified against the award letter.",
            "Spoke to landlord {P:full} at {PH} about arrears of {money}.",
            "Client resides at {ADDR} {APT} with {count:children}.",
            "Sent the packet to {EM} for {P:first}.",
            "Worker {P:full} completed the home visit on {edate}.",
            "Client reports her ex-partner {P:full} came to {APT} on {weekday}.",
            "Client's son {P:first}, born {DOB}, enrolled in school.",
        ],
        "clean": [
            "Client attended the workshop on {edate} at {time}.",
            "Rent share {money}; subsidy {money:rent}.",
            "Referred to {agency:social} for benefits screening.",
            "Client {d:name_like_word:hopes} to return to work in {month}.",
            "Follow-up scheduled in {count:days}.",
        ],
    },
}

STYLES = {"dev": DEV, "heldout": HELDOUT, "fresh": FRESH}
SOURCE_WEIGHTS = [("311", 0.25), ("hpd", 0.25), ("dob", 0.15), ("hearing", 0.15), ("casework", 0.20)]
FMT = string.Formatter()


def template_types(tpl):
    out = set()
    for _lit, field, spec, _conv in FMT.parse(tpl):
        if field in SLOT_TYPES:
            out.update(SLOT_TYPES[field])
            if field == "O" and "badge" in spec:
                out.add("badge")
    return out


class Corpus:
    def __init__(self, seed, style):
        self.style = style
        self.rng = random.Random(f"odpub-freetext:{style}:{seed}")
        self.g = Gen(self.rng, style)
        self.tpls = STYLES[style]
        # index: type -> list of (source, template)
        self.by_type = {t: [] for t in TYPES}
        for src, _w in SOURCE_WEIGHTS:
            for tpl in self.tpls[src]["pii"]:
                for t in template_types(tpl):
                    self.by_type[t].append((src, tpl))
        for t in TYPES:
            if not self.by_type[t]:
                raise SystemExit(f"style {style}: no template for type {t}")

    def render(self, tpl):
        segs = []
        for lit, field, spec, _conv in FMT.parse(tpl):
            if lit:
                segs.append((lit, None))
            if field is None:
                continue
            fn = getattr(self.g, "s_" + field)
            segs.extend(fn(spec or ""))
        return segs

    def row(self, idx):
        g, rng = self.g, self.rng
        has_pii = rng.random() < 0.64
        if has_pii:
            t = g.wch(list(TYPE_WEIGHTS.items()))
            cands = self.by_type[t]
            src, first = cands[rng.randrange(len(cands))]
        else:
            src = g.wch(SOURCE_WEIGHTS)
            first = g.ch(self.tpls[src]["clean"])
        n = g.wch([(1, 35), (2, 35), (3, 20), (4, 10)])
        sents = [first]
        for _ in range(n - 1):
            pool = self.tpls[src]["pii"] if (has_pii and rng.random() < 0.25) else self.tpls[src]["clean"]
            pool = [t for t in pool if t not in sents]      # no repeated sentence in a row
            if pool:
                sents.append(g.ch(pool))
        rng.shuffle(sents)
        if self.style == "dev":
            sep = " "
        else:
            sep = g.wch([(" ", 6), ("  ", 1), (" -- ", 1), ("\n", 1 if src == "casework" else 0.1)])
        segs = []
        for i, s in enumerate(sents):
            if i:
                segs.append((sep, None))
            sseg = self.render(s)
            txt0, tag0 = sseg[0]
            if txt0[:1].islower() and (tag0 is None or tag0[0] != "S"):
                sseg[0] = (txt0[0].upper() + txt0[1:], tag0)   # sentence starts upper case
            segs.extend(sseg)
        upper = rng.random() < self.tpls[src]["caps"]
        return self.assemble(idx, src, segs, upper)

    def assemble(self, idx, src, segs, upper):
        # labelled segments never carry surrounding whitespace: move it to plain text
        trimmed = []
        for txt, tag in segs:
            if tag is not None and txt != txt.strip():
                core = txt.strip()
                lead = txt[:len(txt) - len(txt.lstrip())]
                trail = txt[len(txt.rstrip()):]
                if lead:
                    trimmed.append((lead, None))
                trimmed.append((core, tag))
                if trail:
                    trimmed.append((trail, None))
            else:
                trimmed.append((txt, tag))
        segs = trimmed
        text_parts, spans, decoys, cues = [], [], [], []
        pos = 0
        prev = ""
        for txt, tag in segs:
            if upper:
                txt = txt.upper()
            if tag is None and prev.endswith(".") and txt.startswith("."):
                txt = txt[1:]          # "R." + "." -> "R."
            if not txt:
                continue
            start, end = pos, pos + len(txt)
            if tag is not None:
                if tag[0] == "S":
                    spans.append({"start": start, "end": end, "type": tag[1], "fmt": tag[2]})
                elif tag[0] == "D":
                    decoys.append({"start": start, "end": end, "kind": tag[1]})
                else:
                    cues.append({"start": start, "end": end})
            text_parts.append(txt)
            pos = end
            prev = txt
        text = "".join(text_parts)
        for sp in spans + decoys + cues:
            frag = text[sp["start"]:sp["end"]]
            assert frag and frag == frag.strip(), (idx, frag)
        return {"id": f"{self.style}-{idx:06d}", "style": self.style, "source": src, "text": text,
                "spans": spans, "decoys": decoys, "cues": cues}


def check_pools():
    sets = {k: set(sum(v, [])) for k, v in POOLS.items()}
    for a in sets:
        for b in sets:
            both = sets[a] & sets[b] if a < b else set()
            if both:
                raise SystemExit(f"name pools {a}/{b} overlap: {sorted(both)}")


def stats(path):
    rows = 0
    empty = 0
    caps = 0
    st = Counter()
    dk = Counter()
    fm = Counter()
    src = Counter()
    chars = 0
    uni = 0
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        rows += 1
        chars += len(r["text"])
        src[r.get("source", "?")] += 1
        if not r["spans"]:
            empty += 1
        letters = [c for c in r["text"] if c.isalpha()]
        if letters and all(c.isupper() for c in letters):
            caps += 1
        for s in r["spans"]:
            st[s["type"]] += 1
            fm[(s["type"], s.get("fmt", ""))] += 1
            if "+" in s.get("fmt", "") or "fullwidth" in s.get("fmt", ""):
                uni += 1
        for d in r["decoys"]:
            dk[d["kind"]] += 1
    print(f"file: {path}")
    print(f"rows: {rows}  rows without identifier: {empty} ({100 * empty / max(rows, 1):.1f}%)  "
          f"all-caps rows: {caps} ({100 * caps / max(rows, 1):.1f}%)  mean chars/row: {chars / max(rows, 1):.0f}")
    print("rows per source: " + ", ".join(f"{k} {v}" for k, v in sorted(src.items())))
    print(f"spans: {sum(st.values())}  (with Unicode look-alikes / fullwidth @: {uni})")
    print(f"  {'type':<13} {'spans':>5} {'formats':>8} {'look-alike':>11}")
    for t in TYPES:
        base = sorted({f.split("+")[0] for (tt, f) in fm if tt == t})
        la = sum(v for (tt, f), v in fm.items() if tt == t and ("+" in f or f == "fullwidth_at"))
        print(f"  {t:<13} {st[t]:>5} {len(base):>8} {la:>11}")
    print(f"decoys: {sum(dk.values())}")
    for k, v in sorted(dk.items(), key=lambda kv: -kv[1]):
        print(f"  {k:<17} {v:>5}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--style", choices=["dev", "heldout", "fresh"], default="dev")
    ap.add_argument("-o", "--output", help="output .jsonl (default stdout)")
    ap.add_argument("--stats", metavar="FILE", help="print statistics of a generated corpus and exit")
    a = ap.parse_args(argv)
    if a.stats:
        stats(a.stats)
        return
    check_pools()
    corp = Corpus(a.seed, a.style)
    out = open(a.output, "w", encoding="utf-8", newline="\n") if a.output else sys.stdout
    try:
        for i in range(a.rows):
            out.write(json.dumps(corp.row(i), ensure_ascii=False) + "\n")
    finally:
        if a.output:
            out.close()


if __name__ == "__main__":
    main()
