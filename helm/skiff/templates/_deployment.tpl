{{/*
A control-plane component's Deployment: the scheduler, the controller manager and the DNS share
this shape. (dict "root" $ "component" "scheduler" "values" .Values.scheduler "port" 10259
"extraPorts" (list ...) "pkiExtra" (list ...)): each mounts the CA certificate and its own client
certificate and key from the pki Secret, and the pkiExtra items too.
*/}}
{{- define "skiff.componentDeployment" -}}
{{- $root := .root }}
{{- $component := dict "root" .root "component" .component }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "skiff.fullname" $root }}-{{ .component }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "skiff.componentLabels" $component | nindent 4 }}
spec:
  replicas: {{ .values.replicas }}
  selector:
    matchLabels:
      {{- include "skiff.selectorLabels" $component | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "skiff.selectorLabels" $component | nindent 8 }}
      annotations:
        checksum/config: {{ include (print $root.Template.BasePath "/configmaps.yaml") $root | sha256sum }}
        {{- include "skiff.scrapeAnnotations" (dict "root" $root "port" .port) | nindent 8 }}
        {{- with .values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "skiff.serviceAccountName" $component }}
      automountServiceAccountToken: {{ $root.Values.serviceAccount.automountToken }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      containers:
        - name: {{ .component }}
          image: {{ include "skiff.image" $component }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ .port }}
              protocol: TCP
            {{- with .extraPorts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          env:
            {{- include "skiff.podEnv" $root | nindent 12 }}
          {{- include "skiff.probes" (dict "port" "http") | nindent 10 }}
          resources:
            {{- toYaml .values.resources | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          volumeMounts:
            {{- include "skiff.configVolumeMount" $root | nindent 12 }}
            {{- include "skiff.pkiVolumeMount" $root | nindent 12 }}
      volumes:
        {{- include "skiff.configVolume" $component | nindent 8 }}
        {{- include "skiff.pkiVolume" (dict "root" $root "component" .component "extra" .pkiExtra) | nindent 8 }}
      {{- with $root.Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $root.Values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      affinity:
        {{- include "skiff.affinity" $component | nindent 8 }}
{{- end }}
