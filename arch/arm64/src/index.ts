export { arm64Module } from './arm64Module.js';
