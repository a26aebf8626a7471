/**
 * A WebAssembly module from the base64 bytes embedded by scripts/build-wasm.mjs (nothing is fetched at run time, so
 * the same code runs in Node, a worker and the browser).
 * @throws WebAssembly.CompileError when the host's WebAssembly lacks a feature the module uses (SIMD, threads).
 */
export function compiledModule(base64: string): WebAssembly.Module {
  const s = atob(base64);
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return new WebAssembly.Module(bytes);
}
