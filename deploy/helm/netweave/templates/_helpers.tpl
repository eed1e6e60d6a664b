{{- define "netweave.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "netweave.fullname" -}}
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

{{- define "netweave.selectorLabels" -}}
app.kubernetes.io/name: {{ include "netweave.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "netweave.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "netweave.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: netweave
{{- end }}

{{- define "netweave.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "netweave.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "netweave.tlsSecretName" -}}
{{- default (printf "%s-tls" (include "netweave.fullname" .)) .Values.tls.secretName }}
{{- end }}

{{/* True when the cluster (or capabilities.extraApiVersions) serves the given API "group/version/Kind". */}}
{{- define "netweave.hasApi" -}}
{{- $api := index . 0 }}{{- $ctx := index . 1 }}
{{- if or ($ctx.Capabilities.APIVersions.Has $api) (has $api $ctx.Values.capabilities.extraApiVersions) }}true{{- end }}
{{- end }}

{{/* The checks that stop an install before anything is created. */}}
{{- define "netweave.validate" -}}
{{- if not (has .Values.store (list "embedded" "redis")) }}
{{- fail (printf "store must be embedded or redis, got %q" .Values.store) }}
{{- end }}
{{- if eq .Values.store "embedded" }}
{{- if or (gt (int .Values.replicaCount) 1) .Values.autoscaling.enabled }}
{{- fail "store: embedded keeps subscriptions and the notification outbox in a file of one pod: replicaCount above 1 (or autoscaling.enabled) needs store: redis with redis.url" }}
{{- end }}
{{- end }}
{{- if and (eq .Values.store "redis") .Values.redis.cluster }}
{{- fail "store: redis runs multi-key scripts and needs a standalone or Sentinel Redis (redis.cluster: false); a Redis Cluster can serve the response cache only (store: embedded)" }}
{{- end }}
{{- if and (or (gt (int .Values.replicaCount) 1) .Values.autoscaling.enabled) (not .Values.pageMarkerSecret.name) (not (dig "server" "page_marker_secret" "" .Values.config)) }}
{{- fail "more than one replica needs one paging-marker key for all of them, or a client following a Link rel=\"next\" to another replica is refused: set pageMarkerSecret.name to a Secret holding it (kubectl create secret generic netweave-page-marker --from-literal=page-marker-secret=$(openssl rand -hex 32)) or config.server.page_marker_secret" }}
{{- end }}
{{- if and (eq .Values.store "redis") (not .Values.redis.url) }}
{{- fail "store: redis needs redis.url (redis://, rediss:// or redis-sentinel:// URI)" }}
{{- end }}
{{- if not (or (eq .Values.sizing "custom") (hasKey .Values.sizingPresets .Values.sizing)) }}
{{- fail (printf "sizing must be one of light, medium, heavy, veryHeavy or custom, got %q" .Values.sizing) }}
{{- end }}
{{- if not (has .Values.profile (list "production" "demo")) }}
{{- fail (printf "profile must be production or demo, got %q" .Values.profile) }}
{{- end }}
{{- if and (eq .Values.profile "production") (not .Values.tls.enabled) }}
{{- fail "profile: production requires tls.enabled (the gateway refuses to start without TLS)" }}
{{- end }}
{{- if .Values.podDisruptionBudget.enabled }}
{{- $min := .Values.podDisruptionBudget.minAvailable }}
{{- $replicas := int64 (ternary .Values.autoscaling.minReplicas .Values.replicaCount .Values.autoscaling.enabled) }}
{{- if or (and (not (kindIs "string" $min)) (ge (int64 $min) $replicas)) (eq (toString $min) "100%") }}
{{- fail (printf "podDisruptionBudget.minAvailable (%v) must be below the replica count (%d, replicaCount or autoscaling.minReplicas): a PDB that lets no pod go makes every node drain (kubectl drain, a cluster upgrade) wait forever. With one replica (store: embedded) leave the PDB off" $min $replicas) }}
{{- end }}
{{- end }}
{{- $shutdown := int64 (include "netweave.shutdownSeconds" .) }}
{{- $grace := int64 .Values.terminationGracePeriodSeconds }}
{{- $preStop := int64 .Values.preStopSeconds }}
{{- if le $grace (add $preStop $shutdown) }}
{{- fail (printf "terminationGracePeriodSeconds (%d) must exceed preStopSeconds (%d) + config.server.shutdown_timeout (%d s, the gateway's longest drain), or the kubelet kills the gateway mid-drain: set terminationGracePeriodSeconds to at least %d" $grace $preStop $shutdown (add $preStop $shutdown 1)) }}
{{- end }}
{{- end }}

{{/* The gateway's configuration file: values.config with the keys the chart owns laid over it. */}}
{{- define "netweave.config" -}}
{{- $owned := dict
  "backend" "kubernetes"
  "profile" .Values.profile
  "server" (dict "host" "0.0.0.0" "port" 8080)
  "storage" (dict "data_dir" "/var/lib/netweave")
  "notifications" (dict "store" .Values.store) -}}
{{- if .Values.redis.url }}
{{- $_ := set $owned "redis" (dict "url" .Values.redis.url "cluster" .Values.redis.cluster) }}
{{- end }}
{{- if .Values.tls.enabled }}
{{- $tlsKeys := dict "cert_file" "/etc/netweave/tls/tls.crt" "key_file" "/etc/netweave/tls/tls.key" }}
{{- if .Values.tls.clientCa }}{{- $_ := set $tlsKeys "client_ca" "/etc/netweave/tls/ca.crt" }}{{- end }}
{{- $_ := set $owned.server "tls" $tlsKeys }}
{{- end }}
{{- $authKeys := dict }}
{{- if .Values.auth.jwksUrl }}{{- $_ := set $authKeys "jwks_url" .Values.auth.jwksUrl }}{{- end }}
{{- if .Values.auth.issuer }}{{- $_ := set $authKeys "issuer" .Values.auth.issuer }}{{- end }}
{{- if .Values.auth.audience }}{{- $_ := set $authKeys "audience" .Values.auth.audience }}{{- end }}
{{- if .Values.auth.staticKeysSecret.name }}{{- $_ := set $authKeys "static_keys_file" (printf "/etc/netweave/auth/%s" .Values.auth.staticKeysSecret.key) }}{{- end }}
{{- if $authKeys }}{{- $_ := set $owned "auth" $authKeys }}{{- end }}
{{- $config := mergeOverwrite (deepCopy .Values.config) $owned }}
{{- /* The O-Cloud's serviceUri: the Service's address unless config.ocloud.service_uri names the
  one SMOs use (an ingress, a load balancer). Built from the listener it would be the pod's host
  name and port 8080, unreachable and different on each replica. */}}
{{- $ocloud := default dict (get $config "ocloud") }}
{{- if not (get $ocloud "service_uri") }}
{{- $scheme := ternary "https" "http" .Values.tls.enabled }}
{{- $port := int .Values.service.port }}
{{- $defaultPort := or (and .Values.tls.enabled (eq $port 443)) (and (not .Values.tls.enabled) (eq $port 80)) }}
{{- $_ := set $ocloud "service_uri" (printf "%s://%s.%s.svc%s" $scheme (include "netweave.fullname" .) .Release.Namespace (ternary "" (printf ":%d" $port) $defaultPort)) }}
{{- $_ := set $config "ocloud" $ocloud }}
{{- end }}
{{- toYaml $config }}
{{- end }}

{{- define "netweave.resources" -}}
{{- if eq .Values.sizing "custom" }}
{{- toYaml .Values.resources }}
{{- else }}
{{- toYaml (index .Values.sizingPresets .Values.sizing) }}
{{- end }}
{{- end }}

{{/* server.shutdown_timeout (config.server.shutdown_timeout, the gateway's default 20s) in whole
seconds, rounded up; a value the gateway would refuse stops the install naming the key. */}}
{{- define "netweave.shutdownSeconds" -}}
{{- $raw := toString (dig "server" "shutdown_timeout" "20s" .Values.config) }}
{{- $amount := regexFind "^[0-9]+" $raw }}
{{- $unit := lower (trimPrefix $amount $raw) }}
{{- if not $amount }}
{{- fail (printf "config.server.shutdown_timeout must be a duration such as 20s or 1m, got %q" $raw) }}
{{- end }}
{{- $n := int64 $amount }}
{{- if eq $unit "ms" }}{{- div (add $n 999) 1000 }}
{{- else if eq $unit "s" }}{{- $n }}
{{- else if eq $unit "m" }}{{- mul $n 60 }}
{{- else if eq $unit "h" }}{{- mul $n 3600 }}
{{- else if eq $unit "d" }}{{- mul $n 86400 }}
{{- else if and (eq $unit "") (eq $n 0) }}0
{{- else }}
{{- fail (printf "config.server.shutdown_timeout must be a duration such as 20s or 1m, got %q" $raw) }}
{{- end }}
{{- end }}
