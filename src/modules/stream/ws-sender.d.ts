// ws exports its frame builder (`Sender.frame`, public since websockets/ws#1016 for broadcasts), which
// @types/ws does not declare.
import 'ws';

declare module 'ws' {
  interface FrameOptions {
    fin: boolean;
    rsv1: boolean;
    opcode: number;
    mask: boolean;
    readOnly: boolean;
  }
  export const Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] };
}
