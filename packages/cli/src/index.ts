export { archForMachine, archModules, buildContainer } from './buildContainer.js';
