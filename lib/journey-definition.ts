import { fileURLToPath } from 'node:url';

/** The journey state machine's definition: deployed by lib/journey.ts, run offline by local/local-journeys.ts. */
export const JOURNEY_DEFINITION_FILE = fileURLToPath(new URL('../statemachines/journey.asl.json', import.meta.url));
