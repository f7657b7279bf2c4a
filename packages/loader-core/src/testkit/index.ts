export { SimulatedSystem, toHex, type SimulatedSystemOptions, type SchedulerState, type Violation } from './simulated-system.js';
export { SeededRandom } from './seeded-random.js';
export { ModuleVersions, MAX_TESTKIT_VERSION, type TestkitModule } from './module-versions.js';
export { TESTKIT_MODULE_BEAMS } from './testkit-modules.js';
export {
  runStrategyConformance,
  createSimulatedLoaderSystem,
  WATCHED_MODULES,
  type ConformanceOptions,
  type ConformanceReport,
  type ConformanceCheck,
  type SimulatedLoaderSystem,
} from './conformance.js';
export { recordStrategyOrder } from './record-order.js';
