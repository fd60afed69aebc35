/**
 * The browser page (page.ts, page.css, index.html) bundled for Chromium by esbuild.
 */
import { copyFileSync } from "node:fs";
import path from "node:path";

// Compiled to dist-test/browser/bundle.js; the page's sources stay in test/browser/.
const pageSource = path.resolve(__dirname, "..", "..", "test", "browser");

/**
 * Bundles the page with esbuild into `dir`. JupyterLab's CSS imports packages webpack-style
 * (`@import url('~@lumino/widgets/style/index.css')`): the plugin resolves `~x` as the package `x`.
 */
export async function bundlePage(dir: string): Promise<void> {
  const esbuild = await import("esbuild");
  try {
    await esbuild.build({
      entryPoints: [path.join(pageSource, "page.ts")],
      bundle: true,
      outdir: dir,
      format: "iife",
      logLevel: "error",
      loader: {
        ".svg": "dataurl",
        ".png": "dataurl",
        ".gif": "dataurl",
        ".woff": "dataurl",
        ".woff2": "dataurl",
        ".ttf": "dataurl",
      },
      plugins: [
        {
          name: "tilde-imports",
          setup(build) {
            build.onResolve({ filter: /^~/ }, (args) =>
              build.resolve(args.path.slice(1), { kind: args.kind, resolveDir: args.resolveDir }),
            );
          },
        },
      ],
    });
  } finally {
    await esbuild.stop(); // its service process ends now, not when the test process exits
  }
  copyFileSync(path.join(pageSource, "index.html"), path.join(dir, "index.html"));
}
