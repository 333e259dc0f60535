{{/* Name of every object: the release name, with "weighbridge" added unless it has it. */}}
{{- define "weighbridge.fullname" -}}
{{- if contains "weighbridge" .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-weighbridge" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "weighbridge.selectorLabels" -}}
app.kubernetes.io/name: weighbridge
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "weighbridge.labels" -}}
{{ include "weighbridge.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "weighbridge.tlsSecretName" -}}
{{- if eq .Values.tls.mode "existingSecret" -}}
{{- required "tls.existingSecret.name is required when tls.mode is existingSecret" .Values.tls.existingSecret.name -}}
{{- else -}}
{{- printf "%s-tls" (include "weighbridge.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "weighbridge.policiesConfigMap" -}}
{{- .Values.policies.existingConfigMap | default (printf "%s-policies" (include "weighbridge.fullname" .)) -}}
{{- end -}}

{{- define "weighbridge.serviceDns" -}}
{{- printf "%s.%s.svc" (include "weighbridge.fullname" .) .Release.Namespace -}}
{{- end -}}

{{/* The plural resource of a custom workload kind: as given, else the kind in lowercase with an s. */}}
{{- define "weighbridge.customResource" -}}
{{- .resource | default (printf "%ss" (lower (.kind | default ""))) -}}
{{- end -}}

{{/* Fails early on values the API server would take but that would break the webhook. */}}
{{- define "weighbridge.validate" -}}
{{- if not (has .Values.tls.mode (list "certManager" "openshift" "existingSecret" "selfSigned")) -}}
{{- fail (printf "tls.mode must be certManager, openshift, existingSecret or selfSigned, not %q" .Values.tls.mode) -}}
{{- end -}}
{{- if not (has .Values.webhook.failurePolicy (list "Ignore" "Fail")) -}}
{{- fail (printf "webhook.failurePolicy must be Ignore or Fail, not %q" .Values.webhook.failurePolicy) -}}
{{- end -}}
{{- if or (le (int .Values.webhook.timeoutSeconds) 8) (gt (int .Values.webhook.timeoutSeconds) 30) -}}
{{- fail "webhook.timeoutSeconds must be above the webhook's 8s deadline and at most 30" -}}
{{- end -}}
{{- if and .Values.enforcement (not (has .Values.enforcement (list "enforce" "warn" "dryrun"))) -}}
{{- fail (printf "enforcement must be empty, enforce, warn or dryrun, not %q" .Values.enforcement) -}}
{{- end -}}
{{- range .Values.networkPolicy.apiServerCidrs -}}
{{- if not (regexMatch "^[0-9a-fA-F:.]+/[0-9]{1,3}$" (toString .)) -}}
{{- fail (printf "networkPolicy.apiServerCidrs: %q is not a CIDR such as 10.0.0.0/24" (toString .)) -}}
{{- end -}}
{{- end -}}
{{- range $i, $kind := .Values.workloads.custom -}}
{{- $at := printf "workloads.custom[%d]" $i -}}
{{- if not (regexMatch "^[a-z0-9]+$" ($kind.name | default "")) -}}
{{- fail (printf "%s.name must be lowercase letters and digits (such as rollout), not %q" $at ($kind.name | default "")) -}}
{{- end -}}
{{- if not (and $kind.group $kind.kind $kind.versions) -}}
{{- fail (printf "%s (%s) needs group, kind and versions" $at $kind.name) -}}
{{- end -}}
{{- if eq (empty $kind.podTemplatePath) (empty $kind.podSpecPath) -}}
{{- fail (printf "%s (%s) needs either podTemplatePath or podSpecPath" $at $kind.name) -}}
{{- end -}}
{{- end -}}
{{- if and (eq .Values.tls.mode "existingSecret") (not .Values.tls.existingSecret.caBundle) (not .Values.webhook.annotations) -}}
{{- fail "tls.existingSecret.caBundle is required (or a CA injector annotation in webhook.annotations)" -}}
{{- end -}}
{{- if .Values.autoscaling.enabled -}}
{{- if or (lt (int .Values.autoscaling.minReplicas) 1) (lt (int .Values.autoscaling.maxReplicas) (int .Values.autoscaling.minReplicas)) -}}
{{- fail (printf "autoscaling needs 1 <= minReplicas <= maxReplicas, not %v and %v" .Values.autoscaling.minReplicas .Values.autoscaling.maxReplicas) -}}
{{- end -}}
{{- if or (lt (int .Values.autoscaling.targetCPUUtilizationPercentage) 1) (gt (int .Values.autoscaling.targetCPUUtilizationPercentage) 100) -}}
{{- fail "autoscaling.targetCPUUtilizationPercentage must be between 1 and 100" -}}
{{- end -}}
{{- end -}}
{{- $replicas := ternary .Values.autoscaling.minReplicas .Values.replicaCount .Values.autoscaling.enabled -}}
{{- if and .Values.podDisruptionBudget.enabled (le (int $replicas) (int .Values.podDisruptionBudget.minAvailable)) -}}
{{- fail (printf "%s (%v) must exceed podDisruptionBudget.minAvailable (%v), or no node drain can evict a replica; a single replica needs podDisruptionBudget.enabled=false" (ternary "autoscaling.minReplicas" "replicaCount" .Values.autoscaling.enabled) $replicas .Values.podDisruptionBudget.minAvailable) -}}
{{- end -}}
{{- end -}}
