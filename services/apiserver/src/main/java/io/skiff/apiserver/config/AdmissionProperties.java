package io.skiff.apiserver.config;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which admission plugins run, as kube-apiserver's --enable-admission-plugins and
 * --disable-admission-plugins. The chain is the plugins on by default (all of NamespaceLifecycle,
 * LimitRanger, NodeRestriction, PodSecurity, Priority, DefaultTolerationSeconds, DefaultStorageClass and ResourceQuota; ServiceAccount is off) plus {@code
 * enablePlugins} minus {@code disablePlugins}; they always run in that fixed order, whatever order
 * they are named in. An unknown name stops the server at start.
 *
 * @param enablePlugins plugins to run besides the default ones, e.g. {@code
 *     skiff.apiserver.admission.enable-plugins=LimitRanger,Priority}
 * @param disablePlugins plugins not to run, even default ones, e.g. {@code
 *     skiff.apiserver.admission.disable-plugins=DefaultStorageClass}
 */
@ConfigurationProperties("skiff.apiserver.admission")
public record AdmissionProperties(
        @DefaultValue List<String> enablePlugins,
        @DefaultValue List<String> disablePlugins) {}
