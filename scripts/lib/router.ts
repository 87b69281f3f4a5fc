/** Loads the committed router (public/models/router.bin) as an engine, for the Node CLIs. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RouterError } from '../../src/core/errors';
import { LiteEngine, ROUTER_FILE } from '../../src/engines/lite-engine';

export const DEFAULT_ROUTER = `public/models/${ROUTER_FILE}`;

export async function loadRouterEngine(path = DEFAULT_ROUTER): Promise<LiteEngine> {
  const file = resolve(path);
  if (!existsSync(file)) throw new RouterError('MODEL_NOT_FOUND', `No router model at ${file}: run \`npm run train\` or pass --model FILE.`);
  const engine = new LiteEngine({ model: readFileSync(file) });
  await engine.load();
  return engine;
}
