// Bundles the console into one script and one style sheet, next to its index.html, under CONSOLE_OUT (the Maven build
// puts them in the jar at META-INF/resources/console/, which Stagedoor serves at /console/). No CDN, nothing at run time.
import { build } from "esbuild";
import { cpSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";

const out = resolve(process.env.CONSOLE_OUT ?? "dist");
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ["src/main.tsx"],
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  sourcemap: true,
  jsx: "automatic",
  jsxImportSource: "preact",
  outfile: resolve(out, "assets/console.js"),
  logLevel: "warning",
});
cpSync("src/index.html", resolve(out, "index.html"));
cpSync("src/console.css", resolve(out, "assets/console.css"));
