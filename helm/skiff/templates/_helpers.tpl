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

{{/* The API servers' Service URL, which every other component uses (HTTPS, certificate from credentials.yaml). */}}
{{- define "skiff.apiserverUrl" -}}
{{- printf "https://%s-apiserver.%s.svc:%v" (include "skiff.fullname" .) .Release.Namespace .Values.apiserver.service.port }}
{{- end }}

{{/* The kubernetes Service's address inside Skiff: the first address of serviceCidr (10.96.0.0/12 → 10.96.0.1). */}}
{{- define "skiff.kubernetesServiceIP" -}}
{{- $octets := splitList "." (first (splitList "/" .Values.serviceCidr)) }}
{{- printf "%s.%s.%s.%d" (index $octets 0) (index $octets 1) (index $octets 2) (add1 (atoi (index $octets 3))) }}
{{- end }}

{{/*
The user each control-plane component's client certificate names (its CN), as Skiff's default RBAC
policy binds them. Kubelets are not here: each gets system:node:<node> through a certificate
signing request (skiff node-certificate, the kubelet's init container).
*/}}
{{- define "skiff.componentUsers" -}}
scheduler: system:kube-scheduler
controller-manager: system:kube-controller-manager
dns: system:skiff:cluster-dns
proxy: system:kube-proxy
ingress-controller: system:skiff:ingress-controller
{{- end }}

{{/* Where pods find the items of the pki Secret they mount. */}}
{{- define "skiff.pkiDir" -}}
/etc/skiff-pki
{{- end }}

{{/*
A component's API client settings: the API servers over HTTPS, trusting the cluster CA, presenting
its own certificate; not the host cluster's service-account token (it means nothing to Skiff).
(dict "root" $ "component" "scheduler")
*/}}
{{- define "skiff.apiClient" -}}
{{- $dir := include "skiff.pkiDir" . -}}
urls:
  - {{ include "skiff.apiserverUrl" .root }}
tls:
  certificate-authority: {{ $dir }}/ca.crt
  client-certificate: {{ printf "%s/%s.crt" $dir .component }}
  client-key: {{ printf "%s/%s.key" $dir .component }}
in-cluster:
  enabled: false
{{- end }}

{{/*
The pki Secret as a volume holding only what one component may see: the CA certificate, and the
component's own certificate and key (and `extra` items). (dict "root" $ "component" "scheduler" "extra" (list "ca.key"))
*/}}
{{- define "skiff.pkiVolume" -}}
- name: pki
  secret:
    secretName: {{ include "skiff.fullname" .root }}-pki
    defaultMode: 0440
    items:
      - key: ca.crt
        path: ca.crt
      {{- if .component }}
      - key: {{ .component }}.crt
        path: {{ .component }}.crt
      - key: {{ .component }}.key
        path: {{ .component }}.key
      {{- end }}
      {{- range .extra }}
      - key: {{ . }}
        path: {{ . }}
      {{- end }}
{{- end }}

{{- define "skiff.pkiVolumeMount" -}}
- name: pki
  mountPath: {{ include "skiff.pkiDir" . }}
  readOnly: true
{{- end }}

{{/* The ServiceAccount of a component (the namespace's default one unless the chart creates them): (dict "root" $ "component" "scheduler"). */}}
{{- define "skiff.serviceAccountName" -}}
{{- if .root.Values.serviceAccount.create }}
{{- printf "%s-%s" (include "skiff.fullname" .root) .component }}
{{- else }}
{{- "default" }}
{{- end }}
{{- end }}

{{/* Prometheus scrape annotations for a port: (dict "root" $ "port" 10259), "scheme" "https" for the kubelet's. */}}
{{- define "skiff.scrapeAnnotations" -}}
{{- if .root.Values.metrics.podAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .port | quote }}
prometheus.io/path: /actuator/prometheus
{{- with .scheme }}
prometheus.io/scheme: {{ . }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Liveness and readiness probes on the actuator's health groups, and a startup probe that gives the
JVM time to start: (dict "port" "http"), and "scheme" "HTTPS" for a port serving TLS (the kubelet's).
*/}}
{{- define "skiff.probes" -}}
startupProbe:
  httpGet:
    path: /actuator/health/liveness
    port: {{ .port }}
    scheme: {{ .scheme | default "HTTP" }}
  periodSeconds: 2
  failureThreshold: 60
livenessProbe:
  httpGet:
    path: /actuator/health/liveness
    port: {{ .port }}
    scheme: {{ .scheme | default "HTTP" }}
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: {{ .port }}
    scheme: {{ .scheme | default "HTTP" }}
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
