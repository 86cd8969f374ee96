// zod/mini once for the whole app. Every page parses with zod, and bundled into each page it
// came to about a third of the app on the watch. The app object keeps these functions in its
// globalData; the build (scripts/zeppBundle.js) points each page's `zod/mini` import at them.
// A zod function used on the watch must be listed here: a page that imports one that is
// missing fails to build.
import {
  _default, array, boolean, discriminatedUnion, enum as zodEnum, int, literal, maxLength, maximum, minLength, minimum,
  nullable, number, object, optional, refine, regex, safeParse, string, superRefine, unknown,
} from 'zod/mini';

export const SHARED_ZOD = {
  _default, array, boolean, discriminatedUnion, enum: zodEnum, int, literal, maxLength, maximum, minLength, minimum,
  nullable, number, object, optional, refine, regex, safeParse, string, superRefine, unknown,
};
