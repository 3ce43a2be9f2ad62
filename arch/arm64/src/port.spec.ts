import { describePortContract } from '@ubp/core/testing';
import { arm64Port } from './port.js';

describePortContract(arm64Port);
