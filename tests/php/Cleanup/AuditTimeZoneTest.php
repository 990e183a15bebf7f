<?php
/**
 * The audit's times say their time zone: a browser reading "2026-12-06T10:00:00" without one takes it as its
 * own local time, which is not what was stored (UTC).
 */

declare(strict_types=1);

use CartSessions\Cleanup\Audit;

final class AuditTimeZoneTest extends WpTestCase {

	public function test_audit_created_at_is_iso_8601_utc_with_z_and_equals_the_moment_it_was_recorded(): void {
		update_option( 'timezone_string', 'America/New_York' ); // Rolled back with the test's transaction.
		$before = time();
		Audit::record(
			array( array( 'key' => 'tz_probe_cart', 'result' => 'deleted' ) ),
			array( 'context' => 'single', 'user_id' => 0 )
		);
		$row = null;
		foreach ( Audit::page( array( 'per_page' => 100 ) )['items'] as $item ) {
			if ( 'tz_probe_cart' === $item['cart_key'] ) {
				$row = $item;
			}
		}
		$this->assertNotNull( $row );
		$this->assertMatchesRegularExpression(
			'/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/',
			(string) $row['created_at']
		);
		$this->assertEqualsWithDelta( $before, strtotime( (string) $row['created_at'] ), 5 );
	}
}
