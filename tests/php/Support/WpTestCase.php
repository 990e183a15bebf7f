<?php
/**
 * Base class for tests against the real WordPress in this process: each test runs in a database transaction that
 * is rolled back. (Stands in for WP_UnitTestCase, which is not obtainable here.)
 */

declare(strict_types=1);

abstract class WpTestCase extends PluginTestCase {

	protected function start_isolation(): void {
		global $wpdb;
		$wpdb->query( 'SET autocommit = 0' );
		$wpdb->query( 'START TRANSACTION' );
	}

	protected function end_isolation(): void {
		global $wpdb;
		$wpdb->query( 'ROLLBACK' );
	}
}
