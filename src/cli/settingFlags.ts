// The shared settings (experiments/settings.ts) as commander options, and read back from them: used by
// every command that trains (train, regularize, gradcheck's model settings), kept apart from any one
// command's module so that each command loads only its own.
import { Option, type Command } from 'commander';
import { applyInitFrom } from '../experiments/initFrom.js';
import { DEFAULTS, fromFlags, fromText, SETTING_KEYS, SETTINGS, validateSetting, type RunConfig, type SettingKey, type TrainCommand, type Where } from '../experiments/settings.js';

const shownDefault = (v: unknown): string => (Array.isArray(v) ? v.join(',') : String(v));

/** The shared settings as commander options, with this command's defaults in the help. */
export function addSettingOptions(cmd: Command, defaults: RunConfig, keys: readonly SettingKey[] = SETTING_KEYS, prefix = ''): Command {
  for (const key of keys) {
    const def = SETTINGS[key];
    // Settings without a value by default say what happens instead in their help.
    const suffix = defaults[key] === null ? '' : ` (default: ${shownDefault(defaults[key])})`;
    cmd.addOption(new Option(def.flag, `${prefix}${def.help}${suffix}`));
  }
  return cmd;
}

/** Given flags (or texts standing for them) checked one by one, over the command's defaults. */
export function configFromFlags(command: TrainCommand, opts: Record<string, unknown>, where: Where = fromFlags): RunConfig {
  const config: RunConfig = { ...DEFAULTS[command] };
  const given = new Set<string>();
  for (const key of SETTING_KEYS) {
    const text = opts[key];
    if (typeof text === 'string') (config as unknown as Record<string, unknown>)[key] = validateSetting(key, fromText(key, text), where(key));
    if (typeof text === 'string') given.add(key);
  }
  return applyInitFrom(config, given, where);
}
