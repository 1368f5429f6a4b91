{{/* The chart name, or nameOverride. */}}
{{- define "skiff.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The prefix of every object name: <release>-<chart>, or just the release when it contains the chart name. */}}
{{- define "skiff.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "skiff.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: skiff
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}

{{/* Selector labels of one component: (dict "root" $ "component" "scheduler"). */}}
{{- define "skiff.selectorLabels" -}}
app.kubernetes.io/name: {{ include "skiff.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Every label of one component's objects. */}}
{{- define "skiff.componentLabels" -}}
{{ include "skiff.labels" .root }}
{{ include "skiff.selectorLabels" . }}
{{- end }}

{{/* One component's image: (dict "root" $ "component" "scheduler"). */}}
{{- define "skiff.image" -}}
{{- $image := .root.Values.image -}}
{{- printf "%s/%s/%s:%s" $image.registry $image.repository .component (default .root.Chart.AppVersion $image.tag) }}
{{- end }}

{{/* The API servers' Service URL, which every other component uses. */}}
{{- define "skiff.apiserverUrl" -}}
{{- printf "http://%s-apiserver.%s.svc:%v" (include "skiff.fullname" .) .Release.Namespace .Values.apiserver.service.port }}
{{- end }}

{{/* The ServiceAccount of a component (the namespace's default one unless the chart creates them): (dict "root" $ "component" "scheduler"). */}}
{{- define "skiff.serviceAccountName" -}}
{{- if .root.Values.serviceAccount.create }}
{{- printf "%s-%s" (include "skiff.fullname" .root) .component }}
{{- else }}
{{- "default" }}
{{- end }}
{{- end }}

{{/* Prometheus scrape annotations for a port: (dict "root" $ "port" 10259). */}}
{{- define "skiff.scrapeAnnotations" -}}
{{- if .root.Values.metrics.podAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .port | quote }}
prometheus.io/path: /actuator/prometheus
{{- end }}
{{- end }}

{{/*
Liveness and readiness probes on the actuator's health groups, and a startup probe that gives the
JVM time to start: (dict "port" "http").
*/}}
{{- define "skiff.probes" -}}
startupProbe:
  httpGet:
    path: /actuator/health/liveness
    port: {{ .port }}
  periodSeconds: 2
  failureThreshold: 60
livenessProbe:
  httpGet:
    path: /actuator/health/liveness
    port: {{ .port }}
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: {{ .port }}
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
{{- end }}

{{/*
Environment every component gets: its pod's name and namespace, which make its leader-election
identity (<namespace>/<name>, component-base's PodIdentity), and its address.
*/}}
{{- define "skiff.podEnv" -}}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: POD_IP
  valueFrom:
    fieldRef:
      fieldPath: status.podIP
{{- end }}

{{/* The ConfigMap volume of a component's Spring configuration, mounted where the images look (/etc/skiff). */}}
{{- define "skiff.configVolumeMount" -}}
- name: config
  mountPath: /etc/skiff
  readOnly: true
- name: tmp
  mountPath: /tmp
{{- end }}

{{- define "skiff.configVolume" -}}
- name: config
  configMap:
    name: {{ printf "%s-%s" (include "skiff.fullname" .root) .component }}
- name: tmp
  emptyDir: {}
{{- end }}

{{/* Soft anti-affinity spreading a component's replicas over nodes, unless affinity is given. */}}
{{- define "skiff.affinity" -}}
{{- if .root.Values.affinity }}
{{- toYaml .root.Values.affinity }}
{{- else }}
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "skiff.selectorLabels" . | nindent 12 }}
{{- end }}
{{- end }}

{{/* The Secret with the datastore URL. */}}
{{- define "skiff.datastoreSecretName" -}}
{{- default (printf "%s-datastore" (include "skiff.fullname" .)) .Values.datastore.existingSecret }}
{{- end }}
