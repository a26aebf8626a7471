/** Shell completion for bash and zsh, generated from the command tree (so it never drifts from the commands). */
import type { Command } from "commander";

interface Node {
  path: string[];
  subcommands: string[];
  options: string[];
}

function walk(cmd: Command, path: string[], out: Node[]): void {
  const subs = cmd.commands.filter((c) => c.name() !== "help");
  out.push({
    path,
    subcommands: subs.map((c) => c.name()),
    options: [...cmd.options.map((o) => o.long ?? o.short ?? ""), "--help"].filter(Boolean),
  });
  for (const c of subs) walk(c, [...path, c.name()], out);
}

/** The bash completion script: complete -F over the words typed so far. */
export function bashCompletion(program: Command): string {
  const nodes: Node[] = [];
  walk(program, [], nodes);
  const cases = nodes
    .map((n) => `    "${n.path.join(" ")}") words="${[...n.subcommands, ...n.options].join(" ")}" ;;`)
    .join("\n");
  return `# bash completion for ioplan: source it, or save it as /etc/bash_completion.d/ioplan
#   eval "$(ioplan completion bash)"
_ioplan() {
  local cur path words i w
  cur="\${COMP_WORDS[COMP_CWORD]}"
  path=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    case "\${path:+$path }$w" in
${nodes
  .map((n) => `      "${n.path.join(" ")}") path="${n.path.join(" ")}" ;;`)
  .filter((l) => !l.includes('""'))
  .join("\n")}
    esac
  done
  case "$path" in
${cases}
    *) words="" ;;
  esac
  if [[ -z "$words" || "$cur" == */* || "$cur" == .* ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$words" -- "$cur") $(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _ioplan ioplan
`;
}

/** The zsh completion script (bash's, through zsh's bashcompinit). */
export function zshCompletion(program: Command): string {
  return `#compdef ioplan
# zsh completion for ioplan: eval "$(ioplan completion zsh)"
autoload -U +X bashcompinit && bashcompinit
${bashCompletion(program)
  .split("\n")
  .filter((l) => !l.startsWith("#"))
  .join("\n")}`;
}
