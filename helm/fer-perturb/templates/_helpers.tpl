{{/*
Expand the name of the chart.
*/}}
{{- define "fer-perturb.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name (63 characters at most: some Kubernetes name fields are limited to this).
If the release name contains the chart name it is used as the full name.
*/}}
{{- define "fer-perturb.fullname" -}}
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

{{/*
Chart name and version as used by the chart label.
*/}}
{{- define "fer-perturb.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels.
*/}}
{{- define "fer-perturb.labels" -}}
helm.sh/chart: {{ include "fer-perturb.chart" . }}
{{ include "fer-perturb.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: fer-perturb
{{- end }}

{{/*
Selector labels.
*/}}
{{- define "fer-perturb.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fer-perturb.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Labels of one component. Call with (dict "root" $ "component" "trainer").
*/}}
{{- define "fer-perturb.componentLabels" -}}
{{ include "fer-perturb.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "fer-perturb.componentSelectorLabels" -}}
{{ include "fer-perturb.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Name of one component's objects: <fullname>-<component>.
*/}}
{{- define "fer-perturb.componentName" -}}
{{- printf "%s-%s" (include "fer-perturb.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The service account the pods run as.
*/}}
{{- define "fer-perturb.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "fer-perturb.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Image of a service. Call with (dict "root" $ "component" "trainer" "values" .Values.trainer).
*/}}
{{- define "fer-perturb.image" -}}
{{- $root := .root }}
{{- $repository := .values.image.repository | default (printf "%s/%s-service" $root.Values.image.repositoryPrefix .component) }}
{{- if $root.Values.image.registry }}
{{- $repository = printf "%s/%s" $root.Values.image.registry $repository }}
{{- end }}
{{- $tag := .values.image.tag | default $root.Values.image.tag | default $root.Chart.AppVersion }}
{{- printf "%s:%s%s" $repository $tag (.values.image.tagSuffix | default "") }}
{{- end }}

{{/*
Kafka bootstrap servers: the in-chart broker's Service, else the existing Kafka's.
*/}}
{{- define "fer-perturb.kafkaBootstrapServers" -}}
{{- if .Values.kafka.enabled }}
{{- printf "%s:%v" (include "fer-perturb.componentName" (dict "root" . "component" "kafka")) .Values.kafka.port }}
{{- else }}
{{- required "kafka.enabled=false needs externalKafka.bootstrapServers (e.g. my-cluster-kafka-bootstrap.kafka.svc:9092)" .Values.externalKafka.bootstrapServers }}
{{- end }}
{{- end }}

{{/*
S3 endpoint: the in-chart MinIO's Service, else the existing S3's.
*/}}
{{- define "fer-perturb.s3Endpoint" -}}
{{- if .Values.minio.enabled }}
{{- printf "http://%s:%v" (include "fer-perturb.componentName" (dict "root" . "component" "minio")) .Values.minio.port }}
{{- else }}
{{- required "minio.enabled=false needs externalS3.endpoint (e.g. https://s3.eu-west-1.amazonaws.com)" .Values.externalS3.endpoint }}
{{- end }}
{{- end }}

{{/*
Name of the Secret holding the S3 keys: the user's, else the one this chart generates with in-chart MinIO.
*/}}
{{- define "fer-perturb.s3SecretName" -}}
{{- if .Values.s3.existingSecret }}
{{- .Values.s3.existingSecret }}
{{- else if .Values.minio.enabled }}
{{- printf "%s-s3" (include "fer-perturb.fullname" .) }}
{{- else }}
{{- fail "minio.enabled=false needs s3.existingSecret: a Secret with the S3 access key and secret key (keys s3.accessKeyKey, s3.secretKeyKey)" }}
{{- end }}
{{- end }}

{{/*
Name of the ConfigMap with the non-secret settings.
*/}}
{{- define "fer-perturb.configMapName" -}}
{{- printf "%s-config" (include "fer-perturb.fullname" .) }}
{{- end }}

{{/*
Environment shared by the services: Kafka and S3 (names as in application.properties, Quarkus env mapping).
*/}}
{{- define "fer-perturb.sharedEnv" -}}
{{- $config := include "fer-perturb.configMapName" . }}
{{- $secret := include "fer-perturb.s3SecretName" . }}
{{- range $name := list "KAFKA_BOOTSTRAP_SERVERS" "FER_STORAGE_ENDPOINT" "FER_STORAGE_REGION" "FER_STORAGE_DATASETS_BUCKET" "FER_STORAGE_MODELS_BUCKET" "FER_STORAGE_EXPERIMENTS_BUCKET" }}
- name: {{ $name }}
  valueFrom:
    configMapKeyRef:
      name: {{ $config }}
      key: {{ $name }}
{{- end }}
- name: FER_STORAGE_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ .Values.s3.accessKeyKey }}
- name: FER_STORAGE_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ .Values.s3.secretKeyKey }}
{{- end }}

{{/*
Where the public key that verifies tokens is mounted (auth.enabled without auth.jwksUrl).
*/}}
{{- define "fer-perturb.authKeyDir" -}}
/etc/fer-perturb/auth
{{- end }}

{{/*
Whether the services read the token key from a mounted ConfigMap or Secret (auth on, no JWKS URL).
*/}}
{{- define "fer-perturb.authKeyMounted" -}}
{{- if and .Values.auth.enabled (not .Values.auth.jwksUrl) }}true{{ end }}
{{- end }}

{{/*
The ConfigMap holding the public key: the user's, else <fullname>-auth (created by the chart from auth.publicKey.pem,
else by the user).
*/}}
{{- define "fer-perturb.authConfigMapName" -}}
{{- .Values.auth.publicKey.existingConfigMap | default (printf "%s-auth" (include "fer-perturb.fullname" .)) }}
{{- end }}

{{/*
The volume with the public key, for the pod's volumes.
*/}}
{{- define "fer-perturb.authKeyVolume" -}}
{{- $key := .Values.auth.publicKey }}
{{- if and $key.existingConfigMap $key.existingSecret }}
{{- fail "auth.publicKey: name existingConfigMap or existingSecret, not both" }}
{{- end }}
- name: auth-key
  {{- if $key.existingSecret }}
  secret:
    secretName: {{ $key.existingSecret }}
  {{- else }}
  configMap:
    name: {{ include "fer-perturb.authConfigMapName" . }}
  {{- end }}
    items:
      - key: {{ $key.key }}
        path: {{ $key.key }}
{{- end }}

{{/*
Environment of the token checks (fer.auth.enabled, SmallRye JWT's mp.jwt.* and smallrye.jwt.* keys).
*/}}
{{- define "fer-perturb.authEnv" -}}
{{- $auth := .Values.auth }}
- name: FER_AUTH_ENABLED
  value: {{ $auth.enabled | toString | quote }}
{{- if $auth.enabled }}
- name: MP_JWT_VERIFY_PUBLICKEY_LOCATION
  value: {{ $auth.jwksUrl | default (printf "file:%s/%s" (include "fer-perturb.authKeyDir" .) $auth.publicKey.key) | quote }}
{{- if $auth.jwksUrl }}
# the issuer's keys are fetched over the network: verify tokens on a worker thread, not the event loop
- name: QUARKUS_SMALLRYE_JWT_BLOCKING_AUTHENTICATION
  value: "true"
{{- end }}
{{- with $auth.issuer }}
- name: MP_JWT_VERIFY_ISSUER
  value: {{ . | quote }}
{{- end }}
{{- if and $auth.groupsClaim (ne $auth.groupsClaim "groups") }}
- name: SMALLRYE_JWT_PATH_GROUPS
  value: {{ $auth.groupsClaim | quote }}
{{- end }}
{{- with $auth.audiences }}
- name: MP_JWT_VERIFY_AUDIENCES
  value: {{ join "," . | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Security protocol of the Kafka clients: the in-chart broker is PLAINTEXT; an existing Kafka's comes from
externalKafka.security, checked here so that a wrong combination fails the render with a message.
*/}}
{{- define "fer-perturb.kafkaProtocol" -}}
{{- if .Values.kafka.enabled }}
{{- "PLAINTEXT" }}
{{- else }}
{{- $security := .Values.externalKafka.security }}
{{- $protocol := $security.protocol | default "PLAINTEXT" }}
{{- if not (has $protocol (list "PLAINTEXT" "SSL" "SASL_PLAINTEXT" "SASL_SSL")) }}
{{- fail (printf "externalKafka.security.protocol %q: use PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL" $protocol) }}
{{- end }}
{{- if hasPrefix "SASL_" $protocol }}
{{- if not (and $security.sasl.username $security.sasl.existingSecret) }}
{{- fail (printf "externalKafka.security.protocol %s needs sasl.username and sasl.existingSecret (the Secret with the user's password)" $protocol) }}
{{- end }}
{{- if not (has $security.sasl.mechanism (list "SCRAM-SHA-512" "SCRAM-SHA-256" "PLAIN")) }}
{{- fail (printf "externalKafka.security.sasl.mechanism %q: use SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN" $security.sasl.mechanism) }}
{{- end }}
{{- end }}
{{- if and $security.tls.userSecret (ne $protocol "SSL") }}
{{- fail "externalKafka.security.tls.userSecret (a client certificate) is for protocol SSL" }}
{{- end }}
{{- if and $security.tls.caSecret (not (hasSuffix "SSL" $protocol)) }}
{{- fail (printf "externalKafka.security.tls.caSecret is for protocol SSL or SASL_SSL, not %s" $protocol) }}
{{- end }}
{{- $protocol }}
{{- end }}
{{- end }}

{{/*
Where the Kafka truststore and keystore Secrets are mounted (read-only).
*/}}
{{- define "fer-perturb.kafkaTlsDir" -}}
/etc/fer-perturb/kafka
{{- end }}

{{/*
Environment of the Kafka clients' security. Quarkus hands every KAFKA_* variable to every channel's client
(KAFKA_SASL_JAAS_CONFIG becomes sasl.jaas.config); the init Job turns the same variables into a client properties
file. The password stays in the Secret: Kubernetes puts it into the JAAS line inside the pod ($(VAR) expansion).
*/}}
{{- define "fer-perturb.kafkaSecurityEnv" -}}
{{- $protocol := include "fer-perturb.kafkaProtocol" . }}
{{- $security := .Values.externalKafka.security }}
{{- $dir := include "fer-perturb.kafkaTlsDir" . }}
{{- if ne $protocol "PLAINTEXT" }}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ $protocol | quote }}
{{- end }}
{{- if hasPrefix "SASL_" $protocol }}
{{- $module := ternary "org.apache.kafka.common.security.plain.PlainLoginModule" "org.apache.kafka.common.security.scram.ScramLoginModule" (eq $security.sasl.mechanism "PLAIN") }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $security.sasl.mechanism | quote }}
- name: FER_KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $security.sasl.existingSecret }}
      key: {{ $security.sasl.passwordKey }}
- name: KAFKA_SASL_JAAS_CONFIG
  value: {{ printf "%s required username=\"%s\" password=\"$(FER_KAFKA_SASL_PASSWORD)\";" $module $security.sasl.username | quote }}
{{- end }}
{{- if and (hasSuffix "SSL" $protocol) $security.tls.caSecret }}
- name: KAFKA_SSL_TRUSTSTORE_LOCATION
  value: {{ printf "%s/ca/%s" $dir $security.tls.caTruststoreKey | quote }}
- name: KAFKA_SSL_TRUSTSTORE_TYPE
  value: PKCS12
- name: KAFKA_SSL_TRUSTSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $security.tls.caSecret }}
      key: {{ $security.tls.caPasswordKey }}
{{- end }}
{{- if and (eq $protocol "SSL") $security.tls.userSecret }}
- name: KAFKA_SSL_KEYSTORE_LOCATION
  value: {{ printf "%s/user/%s" $dir $security.tls.userKeystoreKey | quote }}
- name: KAFKA_SSL_KEYSTORE_TYPE
  value: PKCS12
- name: KAFKA_SSL_KEYSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $security.tls.userSecret }}
      key: {{ $security.tls.userPasswordKey }}
{{- end }}
{{- end }}

{{/*
The truststore and keystore mounts of a Kafka client container (empty without TLS Secrets).
*/}}
{{- define "fer-perturb.kafkaTlsVolumeMounts" -}}
{{- $protocol := include "fer-perturb.kafkaProtocol" . }}
{{- $tls := .Values.externalKafka.security.tls }}
{{- if and (hasSuffix "SSL" $protocol) $tls.caSecret }}
- name: kafka-ca
  mountPath: {{ include "fer-perturb.kafkaTlsDir" . }}/ca
  readOnly: true
{{- end }}
{{- if and (eq $protocol "SSL") $tls.userSecret }}
- name: kafka-user
  mountPath: {{ include "fer-perturb.kafkaTlsDir" . }}/user
  readOnly: true
{{- end }}
{{- end }}

{{/*
The pod volumes behind kafkaTlsVolumeMounts: only the truststore and keystore files of the Secrets.
*/}}
{{- define "fer-perturb.kafkaTlsVolumes" -}}
{{- $protocol := include "fer-perturb.kafkaProtocol" . }}
{{- $tls := .Values.externalKafka.security.tls }}
{{- if and (hasSuffix "SSL" $protocol) $tls.caSecret }}
- name: kafka-ca
  secret:
    secretName: {{ $tls.caSecret }}
    items:
      - key: {{ $tls.caTruststoreKey }}
        path: {{ $tls.caTruststoreKey }}
{{- end }}
{{- if and (eq $protocol "SSL") $tls.userSecret }}
- name: kafka-user
  secret:
    secretName: {{ $tls.userSecret }}
    items:
      - key: {{ $tls.userKeystoreKey }}
        path: {{ $tls.userKeystoreKey }}
{{- end }}
{{- end }}

{{/*
Partitions of single topics as "topic=count ..." (topics.partitionsByTopic), for the init Job's script.
*/}}
{{- define "fer-perturb.topicPartitions" -}}
{{- $pairs := list }}
{{- range $topic, $count := .Values.topics.partitionsByTopic | default dict }}
{{- if not (has $topic $.Values.topics.names) }}
{{- fail (printf "topics.partitionsByTopic names %s, which is not in topics.names" $topic) }}
{{- end }}
{{- $pairs = append $pairs (printf "%s=%v" $topic (int $count)) }}
{{- end }}
{{- join " " $pairs }}
{{- end }}

{{/*
Name of the Secret with the KEDA Kafka scaler's settings that are no secret but that a TriggerAuthentication reads
from Secrets only (sasl, tls, username).
*/}}
{{- define "fer-perturb.kedaSettingsSecretName" -}}
{{- include "fer-perturb.componentName" (dict "root" . "component" "trainer-keda") }}
{{- end }}

{{/*
That Secret's data for externalKafka.security, in the words of KEDA's Kafka scaler; empty for PLAINTEXT.
*/}}
{{- define "fer-perturb.kedaKafkaSettings" -}}
{{- $protocol := include "fer-perturb.kafkaProtocol" . }}
{{- $sasl := .Values.externalKafka.security.sasl }}
{{- if hasPrefix "SASL_" $protocol }}
sasl: {{ get (dict "SCRAM-SHA-512" "scram_sha512" "SCRAM-SHA-256" "scram_sha256" "PLAIN" "plaintext") $sasl.mechanism | quote }}
username: {{ $sasl.username | quote }}
{{- end }}
{{- if hasSuffix "SSL" $protocol }}
tls: enable
{{- end }}
{{- end }}

{{/*
secretTargetRef entries of the trainer's KEDA TriggerAuthentication: the chart's settings Secret, and the same
Secrets the services read (the PEM keys where KEDA wants certificates). Empty for PLAINTEXT.
*/}}
{{- define "fer-perturb.kedaKafkaAuth" -}}
{{- $protocol := include "fer-perturb.kafkaProtocol" . }}
{{- $security := .Values.externalKafka.security }}
{{- $settings := include "fer-perturb.kedaSettingsSecretName" . }}
{{- range $parameter, $value := include "fer-perturb.kedaKafkaSettings" . | fromYaml }}
- parameter: {{ $parameter }}
  name: {{ $settings }}
  key: {{ $parameter }}
{{- end }}
{{- if hasPrefix "SASL_" $protocol }}
- parameter: password
  name: {{ $security.sasl.existingSecret }}
  key: {{ $security.sasl.passwordKey }}
{{- end }}
{{- if and (hasSuffix "SSL" $protocol) $security.tls.caSecret }}
- parameter: ca
  name: {{ $security.tls.caSecret }}
  key: {{ $security.tls.caCertKey }}
{{- end }}
{{- if and (eq $protocol "SSL") $security.tls.userSecret }}
- parameter: cert
  name: {{ $security.tls.userSecret }}
  key: {{ $security.tls.userCertKey }}
- parameter: key
  name: {{ $security.tls.userSecret }}
  key: {{ $security.tls.userKeyKey }}
{{- end }}
{{- end }}
