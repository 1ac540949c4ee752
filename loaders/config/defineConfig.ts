// pulse.config.ts calls defineConfig so that editors type-check the user's settings.
import type {PulseConfigInput} from "./schema.js";

export function defineConfig(config: PulseConfigInput): PulseConfigInput {
  return config;
}
