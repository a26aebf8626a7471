/**
 * The host APIs the engine may use beyond ECMAScript 2022: WebAssembly memories, modules and instances, and atob,
 * present in every browser, in Node, Deno and workers. The engine's build (src/engine/tsconfig.json) compiles it
 * against this file alone, with no Node and no DOM types, so that any other host API is a compile error.
 */
declare namespace WebAssembly {
  interface MemoryDescriptor {
    initial: number;
    maximum?: number;
    shared?: boolean;
  }
  class Memory {
    constructor(descriptor: MemoryDescriptor);
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
  class Module {
    constructor(bytes: Uint8Array<ArrayBuffer>);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
}
declare function atob(data: string): string;
