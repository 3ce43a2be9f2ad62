import { describe, expect, it } from 'vitest';
import { Arm64RegisterFile } from '../state/Arm64RegisterFile.js';
import { Arm64SingleStepper } from './Arm64SingleStepper.js';

const stepper = new Arm64SingleStepper();

describe('Arm64SingleStepper', () => {
  it('should record the armed step in the register file and disarm it', () => {
    const regs = new Arm64RegisterFile();
    expect(stepper.enable(regs)).toBe(false);
    expect(regs.singleStep).toBe(true);
    stepper.disable(regs, false);
    expect(regs.singleStep).toBe(false);
  });

  it("should keep a debugger's own step armed across the probe's", () => {
    const regs = new Arm64RegisterFile();
    regs.singleStep = true;
    const guestWasStepping = stepper.enable(regs);
    expect(guestWasStepping).toBe(true);
    stepper.disable(regs, guestWasStepping);
    expect(regs.singleStep).toBe(true);
  });
});
