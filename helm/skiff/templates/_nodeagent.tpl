{{/*
The pod template parts every node agent (kubelet, proxy) shares: the node's network and the
Skiff API server's Service name resolved through the host cluster's DNS, the node's name and
address from the downward API, root and privileged (runc, network namespaces, netfilter).
*/}}
{{- define "skiff.nodeAgentPodSpec" -}}
serviceAccountName: {{ include "skiff.serviceAccountName" (dict "root" .root "component" "node") }}
automountServiceAccountToken: {{ .root.Values.serviceAccount.automountToken }}
hostNetwork: true
dnsPolicy: ClusterFirstWithHostNet
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Environment of a node agent: the pod's identity and the node it runs on. */}}
{{- define "skiff.nodeAgentEnv" -}}
{{ include "skiff.podEnv" . }}
- name: NODE_NAME
  valueFrom:
    fieldRef:
      fieldPath: spec.nodeName
- name: HOST_IP
  valueFrom:
    fieldRef:
      fieldPath: status.hostIP
{{- end }}

{{/* Root and privileged, deliberately: see the kubelet and proxy Dockerfiles. */}}
{{- define "skiff.nodeAgentSecurityContext" -}}
runAsUser: 0
runAsNonRoot: false
privileged: true
{{- end }}
