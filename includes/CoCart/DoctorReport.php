<?php
/**
 * The connection doctor's report as it is built: checks in the order they ran, each with its label, status
 * (pass, warn, fail, skip), message and fix, and structured facts for readers that must not parse translated text.
 * The finished report has every secret of the connection redacted.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\CoCart;

use CartSessions\Credentials\Settings;

final class DoctorReport {

	/** @var array<int,array<string,mixed>> */
	private $checks = array();

	/**
	 * One check of the report.
	 *
	 * @param array<string,string> $facts Structured fields for whoever reads the report, so that nobody parses the
	 *                                    translated message (key_permission: permission, DeleteProbe::READ…).
	 */
	public function add(
		string $id,
		string $status,
		string $message,
		?string $fix = null,
		array $facts = array()
	): void {
		$this->checks[] = array(
			'id'      => $id,
			'label'   => self::labels()[ $id ] ?? $id,
			'status'  => $status,
			'message' => $message,
			'fix'     => 'pass' === $status ? null : $fix,
		) + $facts;
	}

	/**
	 * Each check's name, by id, in the order the report lists them.
	 *
	 * @return array<string,string>
	 */
	public static function labels(): array {
		return array(
			'in_process'     => __( 'CoCart on this site', 'cart-sessions-for-cocart' ),
			'acting_user'    => __( 'User CoCart checks', 'cart-sessions-for-cocart' ),
			'settings'       => __( 'Settings', 'cart-sessions-for-cocart' ),
			'transport'      => __( 'HTTPS or OAuth', 'cart-sessions-for-cocart' ),
			'reachable'      => __( 'Store reachable', 'cart-sessions-for-cocart' ),
			'permalinks'     => __( 'REST API address', 'cart-sessions-for-cocart' ),
			'cocart'         => __( 'CoCart on the store', 'cart-sessions-for-cocart' ),
			'sessions_route' => __( 'Sessions API route', 'cart-sessions-for-cocart' ),
			'key'            => __( 'API key', 'cart-sessions-for-cocart' ),
			'key_owner'      => __( 'Key owner', 'cart-sessions-for-cocart' ),
			'key_permission' => __( 'Key permission', 'cart-sessions-for-cocart' ),
			'system_status'  => __( 'WooCommerce status', 'cart-sessions-for-cocart' ),
			'auth_header'    => __( 'Authorization header', 'cart-sessions-for-cocart' ),
			'version'        => __( 'CoCart version', 'cart-sessions-for-cocart' ),
			'loopback'       => __( 'Loopback to this site', 'cart-sessions-for-cocart' ),
		);
	}

	/**
	 * A check that did not run, and why (an earlier check failed, unless $why says otherwise).
	 */
	public function skip( string $id, string $why = '' ): void {
		$this->add(
			$id,
			'skip',
			'' !== $why ? $why : __( 'Skipped: an earlier check failed.', 'cart-sessions-for-cocart' )
		);
	}

	/**
	 * @return array{ok:bool,checked_at:string,store_url:string,cocart_version:string|null,key_in_use:array<string,mixed>|null,checks:array<int,array<string,mixed>>}
	 */
	public function finish( Settings $settings, ?string $version ): array {
		$secrets = $settings->all_secrets();
		foreach ( $this->checks as &$check ) {
			$check['message'] = Redactor::redact( (string) $check['message'], $secrets );
			$check['fix']     = null === $check['fix'] ? null : Redactor::redact( (string) $check['fix'], $secrets );
		}
		unset( $check );
		return array(
			'ok'             => ! in_array( 'fail', array_column( $this->checks, 'status' ), true ),
			'checked_at'     => gmdate( 'Y-m-d\TH:i:s\Z' ),
			'store_url'      => $settings->store_url(),
			'cocart_version' => $version,
			'key_in_use'     => $settings->describe()['key_in_use'],
			'checks'         => $this->checks,
		);
	}
}
