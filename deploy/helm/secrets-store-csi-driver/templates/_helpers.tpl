{{/* The chart's name, as the Go chart computes it: the app label and the pods' selector. */}}
{{- define "sscd.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The DaemonSet's name, as the Go chart computes it, so that helm upgrade from the Go chart updates the same DaemonSet
in place: the release name if it contains the chart's name, else <release>-<name>; fullnameOverride wins.
*/}}
{{- define "sscd.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
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

{{/* The DaemonSet's selector (the Go chart's, which cannot change on upgrade); the metrics Service selects the same pods. */}}
{{- define "sscd.selectorLabels" -}}
app: {{ include "sscd.name" . }}
{{- end -}}

{{/* The port of --metrics-addr (":8095", "0.0.0.0:8095"). */}}
{{- define "sscd.metricsPort" -}}
{{- splitList ":" .Values.linux.metricsAddr | last | int -}}
{{- end -}}

{{/* Whether kubelet should call NodePublishVolume again for mounted volumes. */}}
{{- define "sscd.requiresRepublish" -}}
{{- and .Values.enableSecretRotation (ne .Values.rotationTrigger "scheduler") -}}
{{- end -}}
