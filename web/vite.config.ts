// The dashboard's build: web/ → web/dist/, served by `ioplan serve`. The engine and the charts are imported
// from src/ (the same code the CLI and the report use). No external requests at run time.
import { defineConfig } from "vite";

export default defineConfig({
  root: import.meta.dirname,
  base: "/",
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 2000 },
  worker: { format: "es" },
  server: { proxy: { "/api": "http://127.0.0.1:8080" } },
});
