import { ControllerError } from '../../companion/controllerClient';

/** The ControllerError a call fails with; any other outcome fails the test. */
export async function controllerFailure(p: Promise<unknown>): Promise<ControllerError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ControllerError) return e;
    throw e;
  }
  throw new Error('expected the call to fail with a ControllerError');
}
