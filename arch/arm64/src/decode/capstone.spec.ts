import { describe, expect, it, vi } from 'vitest';

// capstone-wasm that fails to instantiate on the first attempt and works afterwards.
const attempts = vi.hoisted(() => ({ count: 0 }));
vi.mock('capstone-wasm', () => ({
  loadCapstone: () => (attempts.count++ === 0 ? Promise.reject(new Error('wasm instantiation failed')) : Promise.resolve()),
  Capstone: class {
    disasm(): never {
      throw new Error('Failed to disassemble');
    }
  },
  Const: { CS_ARCH_ARM64: 1, CS_MODE_ARM: 0 },
}));

const { loadArm64Module } = await import('../arm64Module.js');

describe('loading capstone-wasm', () => {
  it('should reject with a one-line reason, then succeed when asked again', async () => {
    await expect(loadArm64Module()).rejects.toThrow(
      'the arm64 decoder needs capstone-wasm, which could not be loaded: wasm instantiation failed',
    );
    await expect(loadArm64Module()).resolves.toBeDefined();
  });
});
