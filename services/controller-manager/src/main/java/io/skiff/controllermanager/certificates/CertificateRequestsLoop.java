package io.skiff.controllermanager.certificates;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.controllermanager.loop.LeaderControllerLoop;
import io.skiff.model.selector.LabelSelector;
import java.util.List;

/**
 * The shape all three certificates controllers share: a new or changed CertificateSigningRequest
 * queues its name; each start queues them all; workers run only while this controller manager
 * leads.
 */
public final class CertificateRequestsLoop implements LeaderWork {

    private final LeaderControllerLoop loop;

    public CertificateRequestsLoop(
            String name,
            SharedIndexInformer<CertificateSigningRequest> requests,
            Reconciler<String> sync,
            MeterRegistry registry,
            int workers) {
        this.loop = new LeaderControllerLoop(
                name,
                sync,
                List.of(requests),
                () -> requests.lister().list(LabelSelector.everything()).stream()
                        .map(ObjectKeys::keyOf)
                        .toList(),
                registry,
                workers);
        requests.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(CertificateSigningRequest csr) {
                loop.enqueue(csr.getMetadata().getName());
            }

            @Override
            public void onUpdate(CertificateSigningRequest before, CertificateSigningRequest after) {
                loop.enqueue(after.getMetadata().getName());
            }
        });
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }
}
