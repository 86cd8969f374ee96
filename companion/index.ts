// Side service (runs on the phone inside the Zepp app). Index only wires handlers; each
// request method has one handler that parses its params with the method's schema first.
import { BaseSideService } from '@zeppos/zml/base-side';
import { answerHello, helloRequestSchema } from '../shared/protocol/hello';
import { APP_VERSION } from '../shared/version';
import { dispatchRequest, type RequestHandlers } from './requestRouter';

const handlers: RequestHandlers = {
  hello: {
    schema: helloRequestSchema,
    handle: (params) => answerHello(params, APP_VERSION),
  },
};

AppSideService(
  BaseSideService({
    onInit() {},
    onRun() {},
    onDestroy() {},
    onRequest(req: { method: string; params: unknown }, res: (error: unknown, data?: unknown) => void) {
      dispatchRequest(handlers, req, res);
    },
  }),
);
