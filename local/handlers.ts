/** Every Lambda handler of the system, built over one set of dependencies (local runs and tests). */
import type { Dependencies } from '../functions/commons/dependencies';
import { makeIngestHandler } from '../functions/ingest';
import { makeLifecycleHandler } from '../functions/lifecycle';
import { makeInboundSmsHandler } from '../functions/inbound-sms';
import { makeDeliveryEventsHandler } from '../functions/delivery-events';
import { makeDecideHandler } from '../functions/decide';
import { makeSendHandler } from '../functions/send';
import { makeRecordHandler } from '../functions/record';
import { makeEscalateHandler } from '../functions/escalate';
import { makeCloseHandler } from '../functions/close';
import { makeSweepHandler } from '../functions/sweep';
import { makeHandoverHandler } from '../functions/handover';

export function makeHandlers(deps: () => Dependencies) {
  return {
    ingest: makeIngestHandler(deps),
    lifecycle: makeLifecycleHandler(deps),
    'inbound-sms': makeInboundSmsHandler(deps),
    'delivery-events': makeDeliveryEventsHandler(deps),
    decide: makeDecideHandler(deps),
    send: makeSendHandler(deps),
    record: makeRecordHandler(deps),
    escalate: makeEscalateHandler(deps),
    close: makeCloseHandler(deps),
    sweep: makeSweepHandler(deps),
    handover: makeHandoverHandler(deps),
  };
}

export type Handlers = ReturnType<typeof makeHandlers>;
