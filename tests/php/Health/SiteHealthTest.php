<?php
/**
 * Site Health: one test per doctor check from the cached report, statuses mapped, output escaped; the Info
 * section shows where settings come from and the key only as a hint.
 */

declare(strict_types=1);

use CartSessions\CoCart\Doctor;
use CartSessions\Credentials\Settings;
use CartSessions\Health\SiteHealth;

final class SiteHealthTest extends WpTestCase {

	private const CK = 'ck_0123456789abcdef0123456789abcdef01234567';
	private const CS = 'cs_5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e70004';

	public function test_registered_with_wordpress_one_test_per_check_the_doctor_ran(): void {
		$this->assertNotFalse( has_filter( 'site_status_tests' ) );
		$ids    = array( 'settings', 'transport', 'reachable', 'key', 'auth_header', 'loopback' );
		$checks = array();
		foreach ( $ids as $id ) {
			$checks[] = array(
				'id'      => $id,
				'label'   => $id,
				'status'  => 'pass',
				'message' => 'ok',
				'fix'     => null,
			);
		}
		SiteHealth::remember( array( 'ok' => true, 'checks' => $checks ) );
		$tests = apply_filters( 'site_status_tests', array( 'direct' => array(), 'async' => array() ) );
		$ours  = preg_grep( '/^cart_sessions_/', array_keys( $tests['direct'] ) );
		$this->assertSame(
			array_map(
				static function ( string $id ): string {
					return 'cart_sessions_' . $id;
				},
				$ids
			),
			array_values( $ours )
		);
		$this->assertSame( 'Cart Sessions for CoCart — API key', $tests['direct']['cart_sessions_key']['label'] );
	}

	public function test_with_no_report_cached_the_doctor_runs_and_site_health_lists_its_checks(): void {
		SiteHealth::flush();
		$ids = SiteHealth::check_ids();
		$this->assertContains( 'settings', $ids );
		$this->assertSame( $ids, array_column( get_transient( SiteHealth::CACHE )['checks'], 'id' ) );
	}

	public function test_results_come_from_the_cached_report(): void {
		$report = array(
			'ok'     => false,
			'checks' => array(
				array(
					'id'      => 'key',
					'label'   => 'API key',
					'status'  => 'fail',
					'message' => 'Refused <script>alert(1)</script>',
					'fix'     => 'Copy it again & save',
				),
				array(
					'id'      => 'key_permission',
					'label'   => 'Key permission',
					'status'  => 'warn',
					'message' => 'Read only',
					'fix'     => 'Read/Write',
				),
				array(
					'id'      => 'reachable',
					'label'   => 'Store reachable',
					'status'  => 'pass',
					'message' => 'Answers',
					'fix'     => null,
				),
			),
		);
		SiteHealth::remember( $report );
		$key = SiteHealth::result( 'key' );
		$this->assertSame( 'critical', $key['status'] );
		$this->assertSame( 'cart_sessions_key', $key['test'] );
		$this->assertStringContainsString( '&lt;script&gt;', $key['description'] );
		$this->assertStringNotContainsString( '<script>', $key['description'] );
		$this->assertStringContainsString( 'How to fix it:', $key['description'] );
		$this->assertStringContainsString( 'page=cart-sessions', $key['actions'] );
		$this->assertSame( 'recommended', SiteHealth::result( 'key_permission' )['status'] );
		$this->assertSame( 'good', SiteHealth::result( 'reachable' )['status'] );
		$this->assertSame( '', SiteHealth::result( 'reachable' )['actions'] );

		( new Settings() )->save( array( 'timeout' => 9 ) );
		$this->assertFalse( get_transient( SiteHealth::CACHE ), 'a settings change drops the cached report' );
	}

	public function test_info_section(): void {
		$this->assertTrue(
			( new Settings() )->save(
				array(
					'consumer_key'    => self::CK,
					'consumer_secret' => self::CS,
					'store_url'       => 'https://shop.example.com',
				)
			)
		);
		update_option( Doctor::STORE_INFO_OPTION, array( 'cocart_version' => '4.3.6' ) );
		$info   = apply_filters( 'debug_information', array() );
		$fields = $info['cart-sessions-for-cocart']['fields'];
		$this->assertSame( 'https://shop.example.com (saved)', $fields['store_url']['value'] );
		$this->assertSame( 'ck_…4567 (saved)', $fields['consumer_key']['value'] );
		$this->assertTrue( $fields['consumer_key']['private'] );
		$this->assertSame( 'Yes (saved)', $fields['secret_saved']['value'] );
		$this->assertSame( '4.3.6', $fields['cocart_version']['value'] );
		$this->assertSame( 'WordPress salts', $fields['encryption']['value'] );
		$this->assertStringNotContainsString( substr( self::CS, 3 ), (string) wp_json_encode( $info ) );
		$this->assertStringNotContainsString( self::CK, (string) wp_json_encode( $info ) );
	}
}
