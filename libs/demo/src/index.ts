/**
 * The demo: the circular's "服务企业月" campaign as command steps (generateDemoScenario), its
 * figures reckoned independently (reckon), and the loaders that write it through the command
 * bus (runDemo for `cli demo`, loadDemoOnFirstStart for the API). See docs/demo.md.
 */
export * from './circular';
export * from './demo-step';
export * from './demo-units';
export { DEMO_CATEGORIES, TOPIC_CATEGORIES } from './demo-text';
export * from './demo-scenario';
export * from './reckon';
export * from './load-demo';
export * from './run-demo';
