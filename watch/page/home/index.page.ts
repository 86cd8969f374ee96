// Home page (walking skeleton): a running clock and one hello exchange with the companion.
// Behaviour only; every position and colour lives in the layout file of the screen shape.
import { BasePage } from '@zeppos/zml/base-page';
import { createWidget, widget, prop } from '@zos/ui';
import { getText } from '@zos/i18n';
import { layout as shapeLayout } from 'zosLoader:./index.[pf].layout.js';
import type { HomeLayout } from './index.r.layout';
import { PROTOCOL_VERSION, helloReplySchema } from '../../../shared/protocol/hello';
import { formatClock } from '../../../shared/format';
import { APP_VERSION } from '../../../shared/version';
import { requestWithTimeout } from '../../lib/request';

const layout = shapeLayout as HomeLayout;
// ZML leaves a request pending forever when BLE drops; never wait longer than this.
const HELLO_TIMEOUT_MS = 3000;

type Widget = ReturnType<typeof createWidget>;

let clockWidget: Widget | null = null;
let statusWidget: Widget | null = null;
let clockTimer: number | null = null;
let startedAt = 0;

Page(
  BasePage({
    onInit() {
      startedAt = Date.now();
    },
    build() {
      createWidget(widget.TEXT, { ...layout.title, text: getText('appName') });
      clockWidget = createWidget(widget.TEXT, { ...layout.clock, text: formatClock(0) });
      statusWidget = createWidget(widget.TEXT, { ...layout.status, text: getText('phoneConnecting') });
      clockTimer = setInterval(() => {
        if (clockWidget) clockWidget.setProperty(prop.MORE, { text: formatClock(Date.now() - startedAt) });
      }, 1000) as unknown as number;
      this.sayHello();
    },
    sayHello() {
      requestWithTimeout(
        this,
        'hello',
        { protocol: PROTOCOL_VERSION, appVersion: APP_VERSION },
        HELLO_TIMEOUT_MS,
      ).then(
        (reply: unknown) => {
          const parsed = helloReplySchema.safeParse(reply);
          const key = !parsed.success
            ? 'phoneBadReply'
            : parsed.data.compatible
              ? 'phoneConnected'
              : 'phoneIncompatible';
          if (statusWidget) statusWidget.setProperty(prop.MORE, { text: getText(key) });
        },
        () => {
          if (statusWidget) statusWidget.setProperty(prop.MORE, { text: getText('phoneUnavailable') });
        },
      );
    },
    onDestroy() {
      if (clockTimer !== null) clearInterval(clockTimer);
      clockTimer = null;
      clockWidget = null;
      statusWidget = null;
    },
  }),
);
