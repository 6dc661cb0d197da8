{{/* The name of the chart's objects. */}}
{{- define "sscd.name" -}}
secrets-store-csi-driver
{{- end -}}

{{/* Labels on every object. */}}
{{- define "sscd.labels" -}}
app.kubernetes.io/name: {{ include "sscd.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Whether kubelet should call NodePublishVolume again for mounted volumes. */}}
{{- define "sscd.requiresRepublish" -}}
{{- and .Values.enableSecretRotation (ne .Values.rotationTrigger "scheduler") -}}
{{- end -}}
