/**
 * DescribeConfigs (32, answered by a broker), and the legacy AlterConfigs (33) and
 * IncrementalAlterConfigs (44), both forwarded to the controller.
 */
export const enum ConfigResourceType {
  TOPIC = 2,
  BROKER = 4,
}

export type ConfigSource =
  'DYNAMIC_TOPIC_CONFIG' | 'DYNAMIC_BROKER_CONFIG' | 'DYNAMIC_DEFAULT_BROKER_CONFIG' | 'STATIC_BROKER_CONFIG' | 'DEFAULT_CONFIG';

export interface DescribeConfigsRequest {
  resources: { resourceType: ConfigResourceType; resourceName: string; configurationKeys: string[] | null }[];
}

export interface DescribeConfigsResourceResult {
  errorCode: number;
  errorMessage: string | null;
  resourceType: ConfigResourceType;
  resourceName: string;
  configs: { name: string; value: string | null; readOnly: boolean; configSource: ConfigSource; isSensitive: boolean }[];
}

export interface DescribeConfigsResponse {
  results: DescribeConfigsResourceResult[];
}

export const enum AlterConfigOp {
  SET = 0,
  DELETE = 1,
  APPEND = 2,
  SUBTRACT = 3,
}

export interface IncrementalAlterConfigsRequest {
  resources: {
    resourceType: ConfigResourceType;
    resourceName: string;
    configs: { name: string; configOperation: AlterConfigOp; value: string | null }[];
  }[];
  validateOnly: boolean;
}

/**
 * The legacy AlterConfigs: each resource's configs become exactly the ones named, so a dynamic
 * config it leaves out is removed (KIP-339 deprecated it for IncrementalAlterConfigs).
 */
export interface AlterConfigsRequest {
  resources: { resourceType: ConfigResourceType; resourceName: string; configs: { name: string; value: string | null }[] }[];
  validateOnly: boolean;
}

export type AlterConfigsResponse = IncrementalAlterConfigsResponse;

export interface IncrementalAlterConfigsResponse {
  responses: { errorCode: number; errorMessage: string | null; resourceType: ConfigResourceType; resourceName: string }[];
}
