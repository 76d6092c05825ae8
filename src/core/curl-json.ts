import { ScriptFile } from './script-file';

/**
 * The JSON helper of the curl image's scripts (curl-json.sh: `json_string`,
 * `json_object`, `json_fields`...): the image has no jq, so the scripts that build or
 * read JSON inline this first rather than each doing it their own way.
 */
export const CURL_JSON = ScriptFile.at(__dirname, 'curl-json.sh');
