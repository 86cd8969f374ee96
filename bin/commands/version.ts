import { APP_VERSION } from '../../shared/version';

export async function run(): Promise<number> {
  console.log(APP_VERSION);
  return 0;
}
