package dev.cuifu.reminder.scaleout;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.SchedulerConfigException;
import org.quartz.spi.ClassLoadHelper;
import org.quartz.spi.SchedulerSignaler;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.scheduling.quartz.LocalDataSourceJobStore;
import org.springframework.scheduling.quartz.SchedulerFactoryBean;

/**
 * Spring's JDBC job store, made to keep its own instance's database pool when several instances
 * share one JVM. Quartz looks connections up in a JVM-wide registry by the scheduler's name, which
 * every member of a cluster shares: the instance started last would serve all the others' Quartz
 * connections, and stopping it would cut them off — something separate processes never see.
 */
@SuppressWarnings("unchecked") // Quartz's JobStoreCMT overrides a generic method with a raw one; nothing here is unchecked
public class InstanceJobStore extends LocalDataSourceJobStore {

  @Override
  public void initialize(ClassLoadHelper loadHelper, SchedulerSignaler signaler) throws SchedulerConfigException {
    DataSource transactional = SchedulerFactoryBean.getConfigTimeDataSource();
    DataSource nonTransactional = SchedulerFactoryBean.getConfigTimeNonTransactionalDataSource();
    DataSource plain = nonTransactional != null ? nonTransactional : transactional;
    super.initialize(loadHelper, signaler);
    String own = getInstanceName() + "." + System.identityHashCode(this);
    DBConnectionManager.getInstance().addConnectionProvider("tx." + own, provider(() -> DataSourceUtils.doGetConnection(transactional)));
    DBConnectionManager.getInstance().addConnectionProvider("nontx." + own, provider(plain::getConnection));
    setDataSource("tx." + own);
    setNonManagedTXDataSource("nontx." + own);
  }

  private interface Connections {
    Connection get() throws SQLException;
  }

  private static ConnectionProvider provider(Connections connections) {
    return new ConnectionProvider() {
      @Override
      public Connection getConnection() throws SQLException {
        return connections.get();
      }

      @Override
      public void shutdown() {
        // the pool belongs to the instance's Spring context, which closes it
      }

      @Override
      public void initialize() {
        // nothing to set up: the pool is the context's
      }
    };
  }
}
