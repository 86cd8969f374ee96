// app.json is input from outside the code: parse it with a schema and name the file and the
// field when it is wrong, before the Zepp CLI gets a chance to fail obscurely.
'use strict';
const fs = require('fs');
const path = require('path');
const z = require('zod');

const version = z.string().regex(/^\d+\.\d+(\.\d+)?$/, 'expected a version like "3.6"');

const appJsonSchema = z.object({
  configVersion: z.literal('v3'),
  app: z.object({
    appId: z.number().int().positive(),
    appName: z.string().min(1).max(64),
    appType: z.literal('app'),
    version: z.object({ code: z.number().int().positive(), name: z.string().min(1) }),
    icon: z.string().min(1),
    vender: z.string().min(1),
    description: z.string(),
  }),
  permissions: z.array(z.string().min(1)),
  runtime: z.object({
    apiVersion: z.object({ compatible: version, target: version, minVersion: version }),
  }),
  targets: z.record(
    z.string(),
    z.object({
      module: z.object({
        page: z.object({ pages: z.array(z.string().min(1)).min(1) }),
        'app-side': z.object({ path: z.string().min(1) }).optional(),
        setting: z.object({ path: z.string().min(1) }).optional(),
      }),
      platforms: z.array(z.object({ st: z.enum(['r', 's', 'b']) })).min(1),
      designWidth: z.number().int().positive(),
    }),
  ),
  i18n: z.record(z.string(), z.object({ appName: z.string().min(1) })),
  defaultLanguage: z.string().min(2),
});

class ManifestError extends Error {}

function fail(file, message) {
  throw new ManifestError(`${path.relative(process.cwd(), file) || file}: ${message}`);
}

/** Reads and checks app.json; returns the parsed manifest. Throws ManifestError naming the file. */
function readAppManifest(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    fail(file, `cannot read (${e.code || e.message})`);
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    fail(file, `not valid JSON: ${e.message}`);
  }
  const parsed = appJsonSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(file, `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const manifest = parsed.data;
  const min = manifest.runtime.apiVersion.minVersion.split('.').map(Number);
  if (min[0] < 3 || (min[0] === 3 && min[1] < 6)) {
    fail(file, `runtime.apiVersion.minVersion: ZML needs API level 3.6 or above, got ${manifest.runtime.apiVersion.minVersion}`);
  }
  return manifest;
}

/** Every icon the CLI will look for: assets/<target>.<st>/<icon>. Throws naming the first missing one. */
function checkIcons(manifest, assetsDir, manifestFile) {
  const icons = [];
  for (const [target, def] of Object.entries(manifest.targets)) {
    for (const { st } of def.platforms) {
      const icon = path.join(assetsDir, `${target}.${st}`, manifest.app.icon);
      if (!fs.existsSync(icon)) {
        fail(icon, `missing app icon for target "${target}" screen type "${st}" (named by app.icon in ${path.basename(manifestFile)})`);
      }
      icons.push(icon);
    }
  }
  return icons;
}

module.exports = { readAppManifest, checkIcons, ManifestError, appJsonSchema };
