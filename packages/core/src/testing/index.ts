export { describePortContract } from './describePortContract.js';
