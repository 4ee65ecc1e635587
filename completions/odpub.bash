# bash completion for odpub. Commands and options are read from the program's own help
# texts (`odpub --help`, `odpub COMMAND --help`), so they never go out of date.
_odpub() {
    local cur prev cmd i opts
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    cmd=
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            -*) ;;
            *) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done
    if [[ -z $cmd ]]; then
        opts=$(odpub --help 2>/dev/null | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
        COMPREPLY=($(compgen -W "$opts --help --version" -- "$cur"))
        return
    fi
    case $prev in
        -f|--format) COMPREPLY=($(compgen -W "dir zip tar.gz tar.zst" -- "$cur")); return ;;
        --input-format) COMPREPLY=($(compgen -W "csv json" -- "$cur")); return ;;
    esac
    if [[ $cur == -* ]]; then
        opts=$(odpub "$cmd" --help 2>/dev/null | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    compopt -o default 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
}
complete -F _odpub odpub
