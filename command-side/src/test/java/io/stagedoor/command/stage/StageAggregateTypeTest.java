package io.stagedoor.command.stage;

import io.stagedoor.kernel.event.StageEvent;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.SimpleResourceParameterResolverFactory;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.test.deadline.StubDeadlineManager;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query side and the load tool find a meeting's events by {@link StageEvent#AGGREGATE_TYPE}; Axon stores them
 * under the aggregate's type, its simple class name. Renaming the aggregate (or giving it another type) would leave
 * them reading nothing.
 */
class StageAggregateTypeTest {

    @Test
    void axonStoresTheStagesEventsUnderTheTypeTheReadersSelect() {
        var parameters = MultiParameterResolverFactory.ordered(
                new SimpleResourceParameterResolverFactory(List.of(new StubDeadlineManager())),
                ClasspathParameterResolverFactory.forClass(Stage.class));

        assertThat(Stage.class.getSimpleName()).isEqualTo(StageEvent.AGGREGATE_TYPE);
        assertThat(AnnotatedAggregateMetaModelFactory.inspectAggregate(Stage.class, parameters).type())
                .isEqualTo(StageEvent.AGGREGATE_TYPE);
    }
}
