// How our TypeScript becomes the JavaScript the Zepp CLI compiles. One place, used by the
// build (scripts/build.js), by the QuickJS check and by the Node Zepp runtime in tests, so
// that what the tests run is what the watch gets.
'use strict';
const path = require('path');
const fs = require('fs');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '..');

// app.json paths are the CLI's layout; our sources live in watch/ and companion/.
const SOURCE_ROOTS = [
  { stage: 'page/', source: 'watch/page/' },
  { stage: 'app-side/', source: 'companion/' },
  { stage: 'setting/', source: 'companion/setting/' },
];

/** The TypeScript source of an app.json module path ("app" included). */
function sourceFor(stagePath) {
  if (stagePath === 'app') return path.join(ROOT, 'watch/app.ts');
  for (const r of SOURCE_ROOTS) {
    if (stagePath.startsWith(r.stage)) {
      return path.join(ROOT, r.source + stagePath.slice(r.stage.length) + '.ts');
    }
  }
  throw new Error(`app.json path "${stagePath}" is outside page/, app-side/ and setting/`);
}

const LAYOUT_PATTERN = /^zosLoader:(.*)\.\[pf\]\.layout\.js$/;

/** Resolves `zosLoader:./x.[pf].layout.js` to our x.<shape>.layout.ts (tests and QuickJS check). */
function layoutForShape(shape) {
  return {
    name: 'zos-layout-for-shape',
    setup(build) {
      build.onResolve({ filter: /^zosLoader:/ }, (args) => {
        const m = LAYOUT_PATTERN.exec(args.path);
        if (!m) return { errors: [{ text: `unsupported zosLoader import "${args.path}"` }] };
        return { path: path.resolve(args.resolveDir, `${m[1]}.${shape}.layout.ts`) };
      });
    },
  };
}

/** Leaves zosLoader imports for the CLI, which picks the layout per screen shape. */
const layoutForCli = {
  name: 'zos-layout-for-cli',
  setup(build) {
    build.onResolve({ filter: /^zosLoader:/ }, (args) => ({ path: args.path, external: true }));
  },
};

// ZML numbers its messages from 10000 every time the app (or side service) starts, and the
// other end never forgets a half-received message. After a message is cut off mid-transfer
// (BLE loss) and the watch app is relaunched, its first request reuses the broken message's
// id, is merged into it and never completes: every later request with that id times out.
// Starting the counter at a random point per launch keeps ids from colliding. Found by the
// fault soak (seed 62); the build fails here if a ZML update changes the code we patch.
const ZML_ID_COUNTER = /let ([A-Za-z_$][\w$]*)=1e4;function ([A-Za-z_$][\w$]*)\(\)\{return \1\+\+\}/;
const zmlMessageIds = {
  name: 'zml-message-ids',
  setup(build) {
    build.onLoad({ filter: /[\\/]@zeppos[\\/]zml[\\/]dist[\\/]zml-(app|side)\.js$/ }, (args) => {
      const source = fs.readFileSync(args.path, 'utf8');
      if (!ZML_ID_COUNTER.test(source)) {
        return { errors: [{ text: `${args.path}: ZML's message id counter changed; review the zml-message-ids patch in scripts/zeppBundle.js` }] };
      }
      return {
        contents: source.replace(ZML_ID_COUNTER, (m, counter, fn) => `let ${counter}=1e4+Math.floor(Math.random()*4e6);function ${fn}(){return ${counter}++}`),
        loader: 'js',
      };
    });
  },
};

// Pages take zod from the app (watch/lib/sharedZod.ts puts the functions the watch uses in the
// app's globalData): bundled into each page it was about a third of every .zpk, and each .zpk
// crosses Bluetooth to install. The list of names is read from that file; a page importing a
// zod function not on it fails the build (import-is-undefined is an error for pages).
const SHARED_ZOD_FILE = path.join(ROOT, 'watch/lib/sharedZod.ts');
function sharedZodNames() {
  const source = fs.readFileSync(SHARED_ZOD_FILE, 'utf8');
  const m = /import \{([^}]*)\} from 'zod\/mini'/.exec(source);
  if (!m) throw new Error(`${SHARED_ZOD_FILE}: no "import { ... } from 'zod/mini'"`);
  return m[1].split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const parts = s.split(/\s+as\s+/);
    return parts[0];
  });
}
const zodFromApp = {
  name: 'zod-from-app',
  setup(build) {
    build.onResolve({ filter: /^zod\/mini$/ }, () => ({ path: 'zod-from-app', namespace: 'zod-from-app' }));
    build.onLoad({ filter: /.*/, namespace: 'zod-from-app' }, () => {
      const names = sharedZodNames();
      const locals = names.map((n, i) => `_z${i} = z[${JSON.stringify(n)}]`).join(', ');
      const exports = names.map((n, i) => `_z${i} as ${n}`).join(', ');
      return { contents: `const z = getApp()._options.globalData.zod;\nconst ${locals};\nexport { ${exports} };\n`, loader: 'js' };
    });
  },
};

// ZML's page code (BasePage, about 5 KB minified) once for the whole app, as zod above: app.js
// keeps a factory in its globalData (`basePage`) and each page's `@zeppos/zml/base-page` import
// becomes one call of it. A factory, not one shared BasePage: that module keeps state at module
// level (`BasePage.mixins`, which every BasePage() call appends its plugins' mixins to), so one
// instance used by every page would add the messaging, file and logger mixins again on each
// page opened (the n-th page hooked into the messaging n times and unhooked once). Each page
// gets a BasePage of its own, as when the code was bundled into it. getApp()._options.globalData
// is the one object of the app that every page reaches (zepp-health/zeppos-docs, docs/reference/
// device-app-api/newAPI/global/getApp.mdx: "Get the app instance object", `_options.globalData`;
// global/App.mdx: App() is called once, in app.js, and globalData "can be used to store the
// global state of the Mini Program").
// The names the ZML code reads from its module's scope are parameters, filled in by the page:
// the Zepp CLI wraps every file in `with (__$$G$$__)`, with a __$$G$$__ of its own for app.js
// and for each page (@zeppos/zpm lib/0.node.js, "explicit" strategy), so a function defined in
// app.js would otherwise see app.js's __$$module$$__ and __$$R$$__, not the page's.
// ZML_PAGE_SCOPE is every free name of zml-page.js but the ES built-ins (Error, Math, Object,
// globalThis), found by scope analysis of ZML 0.0.43's file; the hash makes a ZML update fail
// the build until someone repeats that and updates both.
const ZML_PAGE_FILE = path.join(ROOT, 'node_modules/@zeppos/zml/dist/zml-page.js');
const ZML_PAGE_SHA256 = 'a354193398b33b2cb2bf32b5dc420cf7d70f3b42d3c6d86d0e34416ada1b984d';
const ZML_PAGE_SCOPE = ['hmApp', '__$$R$$__', 'getApp', 'DeviceRuntimeCore', 'messaging', 'Logger', '__$$app$$__', '__$$module$$__', 'hmUI', 'hmSetting', 'px'];
const ZML_PAGE_EXPORT = /export\s*\{\s*([A-Za-z_$][\w$]*) as BasePage\s*\};?\s*$/;
const zmlPageFactory = {
  name: 'zml-page-factory',
  setup(build) {
    build.onResolve({ filter: /^zml-page-factory$/ }, () => ({ path: ZML_PAGE_FILE, namespace: 'zml-page-factory' }));
    build.onLoad({ filter: /.*/, namespace: 'zml-page-factory' }, () => {
      const source = fs.readFileSync(ZML_PAGE_FILE, 'utf8');
      const hash = require('crypto').createHash('sha256').update(source).digest('hex');
      const m = ZML_PAGE_EXPORT.exec(source);
      if (hash !== ZML_PAGE_SHA256 || !m) {
        return { errors: [{ text: `${ZML_PAGE_FILE}: ZML's page code changed; review ZML_PAGE_SCOPE (its free names) and ZML_PAGE_SHA256 in scripts/zeppBundle.js` }] };
      }
      const body = source.slice(0, m.index);
      return {
        contents: `export function createBasePage(${ZML_PAGE_SCOPE.join(', ')}) {\n${body}\nreturn ${m[1]};\n}\n`,
        loader: 'js',
        resolveDir: path.dirname(ZML_PAGE_FILE),
      };
    });
  },
};
const zmlPageFromApp = {
  name: 'zml-page-from-app',
  setup(build) {
    build.onResolve({ filter: /^@zeppos\/zml\/base-page$/ }, () => ({ path: 'zml-page-from-app', namespace: 'zml-page-from-app' }));
    build.onLoad({ filter: /.*/, namespace: 'zml-page-from-app' }, () => {
      const scope = ZML_PAGE_SCOPE.map((n) => `typeof ${n} !== 'undefined' ? ${n} : undefined`).join(',\n  ');
      return { contents: `export const BasePage = getApp()._options.globalData.basePage(\n  ${scope},\n);\n`, loader: 'js' };
    });
  },
};

/** A page of the watch app (not app.js, not the side service or the settings page). */
function isWatchPage(entryFile) {
  return path.resolve(entryFile).startsWith(path.join(ROOT, 'watch/page') + path.sep);
}

function baseOptions(platform) {
  return {
    bundle: true,
    write: false,
    // es2019 lowers `?.` and `??=`, which the CLI's 2020 QuickJS compiler rejects (BUILD.md).
    target: 'es2019',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['import', 'default'],
    external: platform === 'device' ? ['@zos/*'] : [],
    legalComments: 'none',
    logLevel: 'silent',
    charset: 'utf8',
  };
}

/**
 * Bundles one entry. `format` esm is what the CLI gets; cjs turns `@zos/*` imports into
 * `require` calls for the Node Zepp runtime. `shape` ("r"/"s") inlines that layout;
 * without it the zosLoader import stays for the CLI.
 */
async function bundleEntry(entryFile, { format = 'esm', shape, minify = false, platform = 'device' } = {}) {
  const result = await esbuild.build({
    ...baseOptions(platform),
    entryPoints: [entryFile],
    format,
    minify,
    plugins: [zmlMessageIds, zmlPageFactory, shape ? layoutForShape(shape) : layoutForCli, ...(isWatchPage(entryFile) ? [zodFromApp, zmlPageFromApp] : [])],
    logOverride: isWatchPage(entryFile) ? { 'import-is-undefined': 'error' } : {},
  });
  return result.outputFiles[0].text;
}

/** Layout files next to a page source: index.page.ts -> [index.r.layout.ts, index.s.layout.ts]. */
function layoutFilesOf(pageSource) {
  const dir = path.dirname(pageSource);
  return fs
    .readdirSync(dir)
    .filter((f) => /\.[a-z]\.layout\.ts$/.test(f))
    .map((f) => path.join(dir, f));
}

module.exports = { ROOT, sourceFor, bundleEntry, layoutFilesOf, ZML_PAGE_SCOPE };
