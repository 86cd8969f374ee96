// The few `@zos/ble` central calls the Bluetooth cuff client needs, as one object (bleCuff.ts
// takes it as a parameter so the simulator and tests run the same client). Zepp OS docs:
// reference/device-app-api/newAPI/ble/mst*.
import {
  mstStartScan, mstStopScan, mstConnect, mstDisconnect, mstBuildProfile, mstOnPrepare, mstWriteDescriptor,
  mstOnDescWriteComplete, mstOnCharaNotification, mstOffAllCb,
} from '@zos/ble';
import type { BleApi, Timers } from './bleCuff';

export function zosBle(): BleApi {
  return {
    mstStartScan, mstStopScan, mstConnect, mstDisconnect, mstBuildProfile, mstOnPrepare, mstWriteDescriptor,
    mstOnDescWriteComplete, mstOnCharaNotification, mstOffAllCb,
  } as unknown as BleApi;
}

export const deviceTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms) as unknown as number,
  clearTimeout: (id) => clearTimeout(id),
  now: () => Date.now(),
};
