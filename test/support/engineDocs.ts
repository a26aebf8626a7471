/**
 * The engine's public surface as its documentation sees it: every name src/engine/index.ts exports, whether it is a
 * value or a type, its doc comment and its `@example` blocks, read with the TypeScript compiler (the same comments
 * typedoc renders with `npm run docs`).
 */
import { join } from "node:path";
import ts from "typescript";
import { ROOT } from "../paths.ts";

export interface DocumentedExport {
  name: string;
  value: boolean;
  file: string;
  comment: string;
  examples: string[];
}

export function engineExports(): DocumentedExport[] {
  const index = join(ROOT, "src", "engine", "index.ts");
  const program = ts.createProgram([index], {
    allowImportingTsExtensions: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(index)!;
  const moduleSymbol = checker.getSymbolAtLocation(source)!;
  return checker.getExportsOfModule(moduleSymbol).map((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decl = symbol.declarations?.[0];
    const value = (symbol.flags & ts.SymbolFlags.Value) !== 0;
    const comment = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    const examples = symbol
      .getJsDocTags(checker)
      .filter((t) => t.name === "example")
      .map((t) => ts.displayPartsToString(t.text ?? []))
      .map((t) => /```(?:ts|js)?\n([\s\S]*?)```/.exec(t)?.[1] ?? t);
    return {
      name: exported.name,
      value,
      file: decl ? decl.getSourceFile().fileName.replace(ROOT + "/", "") : "?",
      comment,
      examples,
    };
  });
}
