import { describePortContract } from '@ubp/core/testing';
import { x86_64Port } from './port.js';

describePortContract(x86_64Port);
