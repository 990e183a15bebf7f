<?php
/**
 * The two retention periods (history snapshots, audit log) through GET/POST cart-sessions/v1/settings: defaults,
 * saving, bounds (1–3650 days) with a 400 naming the field, and a failed save changing nothing.
 */

declare(strict_types=1);

use CartSessions\Privacy\Retention;

final class RetentionSettingsTest extends WpTestCase {

	protected function setUp(): void {
		parent::setUp();
		delete_option( Retention::HISTORY_OPTION );
		delete_option( Retention::AUDIT_OPTION );
		$this->log_in_as( 'administrator' );
	}

	public function test_defaults_are_400_and_90_days(): void {
		$data = $this->rest( 'GET', '/cart-sessions/v1/settings' )->get_data();
		$this->assertSame( 400, $data['history_retention_days'] );
		$this->assertSame( 90, $data['audit_retention_days'] );
		$this->assertSame( 400, Retention::history_days() );
		$this->assertSame( 90, Retention::audit_days() );
	}

	public function test_saving_writes_the_shared_options_and_answers_the_new_values(): void {
		$response = $this->rest(
			'POST',
			'/cart-sessions/v1/settings',
			array(
				'history_retention_days' => 30,
				'audit_retention_days'   => 3650,
			)
		);
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$this->assertSame( 30, $response->get_data()['history_retention_days'] );
		$this->assertSame( 3650, $response->get_data()['audit_retention_days'] );
		// The options the table owners prune by.
		$this->assertSame( 30, (int) get_option( 'cart_sessions_history_retention_days' ) );
		$this->assertSame( 3650, (int) get_option( 'cart_sessions_audit_retention_days' ) );
		// One field alone leaves the other as it is.
		$this->rest( 'POST', '/cart-sessions/v1/settings', array( 'audit_retention_days' => 1 ) );
		$this->assertSame( 30, Retention::history_days() );
		$this->assertSame( 1, Retention::audit_days() );
	}

	/**
	 * @return array<string,array{0:string,1:mixed}>
	 */
	public function bad_values(): array {
		return array(
			'zero'        => array( 'history_retention_days', 0 ),
			'negative'    => array( 'audit_retention_days', -5 ),
			'too many'    => array( 'history_retention_days', 3651 ),
			'huge'        => array( 'audit_retention_days', 1000000000 ),
			'fraction'    => array( 'audit_retention_days', 12.5 ),
			'text'        => array( 'history_retention_days', 'forever' ),
			'empty'       => array( 'audit_retention_days', '' ),
			'array'       => array( 'history_retention_days', array( 30 ) ),
		);
	}

	/**
	 * @dataProvider bad_values
	 * @param mixed $value
	 */
	public function test_bad_input_is_a_400_naming_the_field_and_saves_nothing( string $field, $value ): void {
		update_option( Retention::HISTORY_OPTION, 200 );
		update_option( Retention::AUDIT_OPTION, 60 );
		$response = $this->rest(
			'POST',
			'/cart-sessions/v1/settings',
			array(
				$field    => $value,
				'timeout' => 33,
			)
		);
		$this->assertSame( 400, $response->get_status() );
		$this->assertArrayHasKey( $field, $response->get_data()['data']['params'] );
		$this->assertSame( 200, Retention::history_days() );
		$this->assertSame( 60, Retention::audit_days() );
		$this->assertNotSame(
			33,
			$this->rest( 'GET', '/cart-sessions/v1/settings' )->get_data()['timeout'],
			'the valid field in the same save is not written either'
		);
	}

	public function test_a_failed_connection_save_does_not_write_retention(): void {
		$response = $this->rest(
			'POST',
			'/cart-sessions/v1/settings',
			array(
				'consumer_key'           => 'not-a-key',
				'history_retention_days' => 10,
			)
		);
		$this->assertSame( 400, $response->get_status() );
		$this->assertArrayHasKey( 'consumer_key', $response->get_data()['data']['params'] );
		$this->assertSame( 400, Retention::history_days() );
	}

	public function test_an_invalid_saved_value_reads_as_the_default(): void {
		update_option( Retention::AUDIT_OPTION, 'abc' );
		update_option( Retention::HISTORY_OPTION, 0 );
		$this->assertSame( 90, Retention::audit_days() );
		$this->assertSame( 400, Retention::history_days() );
	}
}
