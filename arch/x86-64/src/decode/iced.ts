// The one place that loads iced-x86 (a CommonJS wasm-bindgen module): everything else imports from here.
import iced from 'iced-x86';

export const { Code, Mnemonic, OpKind, Register, Decoder, DecoderOptions, Formatter, FormatterSyntax, Instruction, MemorySize, MemorySizeExt, RegisterExt, CodeExt, FlowControl, RflagsBits, ConditionCode, Encoder, BlockEncoder, BlockEncoderOptions, OpCodeOperandKind, EncodingKind, CpuidFeature, InstructionInfoFactory } = iced;
export type Code = iced.Code;
export type Mnemonic = iced.Mnemonic;
export type Register = iced.Register;
export type Instruction = iced.Instruction;
