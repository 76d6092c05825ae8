import { ScriptFile } from '../core/script-file';

/** attach_metrics_agent (metrics-agent.sh): the library function start scripts call. */
export const METRICS_AGENT = ScriptFile.at(__dirname, 'metrics-agent.sh');

/** The start command of a component with monitoring on (component-start.sh, after the agent library). */
export const COMPONENT_START = ScriptFile.at(__dirname, 'component-start.sh');
