export type GuestAccess = 'read' | 'write' | 'exec';
